<?cs set:Page.title = Lang.needs.title_list ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.needs.title_list ?> · <a href="/opportunities/<?cs var:Opp.id ?>"><?cs var:Opp.title ?></a></h1>
<?cs if:Opp.can_create ?>
  <a class="button primary" id="new-needs" href="/opportunities/<?cs var:Opp.id ?>/needs/new"><?cs var:Lang.needs.new ?></a>
<?cs /if ?>
</div>
<?cs if:Latest.id ?><p><a href="/needs/<?cs var:Latest.id ?>" id="needs-latest"><?cs var:Lang.needs.latest ?></a></p><?cs /if ?>
<?cs if:subcount(Reports) ?>
<div class="table-wrap">
<table class="list" id="needs-reports">
  <thead><tr><th><?cs var:Lang.needs.researched_on ?></th><th><?cs var:Lang.needs.method_label ?></th>
    <th><?cs var:Lang.needs.confirmed_on ?></th><th><?cs var:Lang.plan.creator ?></th></tr></thead>
  <tbody>
<?cs each:r = Reports ?>
    <tr data-needs-id="<?cs var:r.id ?>">
      <td><a href="/needs/<?cs var:r.id ?>"><?cs var:r.researched_on ?></a></td>
      <td><?cs var:r.method ?></td>
      <td><?cs var:r.confirmed_on ?></td>
      <td><?cs var:r.creator ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
</div>
<?cs else ?>
<p class="muted" id="no-needs"><?cs var:Lang.needs.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
