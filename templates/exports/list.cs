<?cs set:Page.title = Lang.exp.title ?><?cs include:"layout/header.cs" ?>
<script src="/static/exports.js" defer></script>
<h1><?cs var:Lang.exp.title ?></h1>
<p class="muted"><?cs var:Lang.exp.intro ?></p>
<?cs if:subcount(Jobs) ?>
<div class="table-wrap">
<table class="list" id="exports">
  <thead><tr><th><?cs var:Lang.exp.created ?></th><th><?cs var:Lang.exp.list ?></th><th><?cs var:Lang.exp.format ?></th>
    <th><?cs var:Lang.exp.state ?></th><th><?cs var:Lang.exp.progress ?></th><th><?cs var:Lang.exp.file ?></th></tr></thead>
  <tbody>
<?cs each:j = Jobs ?>    <tr id="job-<?cs var:j.id ?>" data-job-id="<?cs var:j.id ?>" data-state="<?cs var:j.state ?>">
      <td><?cs var:j.created ?></td><td><?cs var:j.kind ?></td><td><?cs if:j.format == "xlsx" ?>XLSX<?cs else ?>CSV<?cs /if ?></td>
      <td class="job-state"><?cs var:j.state_label ?></td>
      <td><progress class="job-progress" value="<?cs var:j.done ?>" max="<?cs if:j.total > 0 ?><?cs var:j.total ?><?cs else ?>1<?cs /if ?>"></progress>
        <span class="job-count"><?cs var:j.done ?></span> / <span class="job-total"><?cs var:j.total ?></span></td>
      <td><?cs if:j.state == "done" ?><a class="job-download" id="download-<?cs var:j.id ?>" href="/exports/<?cs var:j.id ?>/file"><?cs var:j.file_name ?></a>
        <?cs if:j.expires ?><br><span class="muted"><?cs var:Lang.exp.until ?> <?cs var:j.expires ?></span><?cs /if ?><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<p class="hint"><?cs var:Lang.exp.refresh_hint ?></p>
<?cs else ?>
<p class="muted" id="no-exports"><?cs var:Lang.exp.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
