<?cs set:Page.title = Lang.story.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.story.title ?></h1>
<p class="muted"><?cs var:Lang.story.intro ?></p>
<?cs if:subcount(Story.events) ?>
<div class="table-wrap">
<table class="list" id="story">
  <thead><tr><th><?cs var:Lang.story.when ?></th><th><?cs var:Lang.story.what ?></th><th><?cs var:Lang.story.item ?></th><th><?cs var:Lang.story.state ?></th><th><?cs var:Lang.story.who ?></th></tr></thead>
  <tbody>
<?cs each:e = Story.events ?>    <tr data-kind="<?cs var:e.kind ?>"><td><?cs var:e.when ?></td><td><?cs var:e.kind_label ?></td><td><a href="<?cs var:e.link ?>"><?cs var:e.title ?></a></td><td><?cs var:e.state ?></td><td><?cs var:e.person ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs else ?><p class="muted" id="no-story"><?cs var:Lang.story.none ?></p><?cs /if ?>
<p><a href="/opportunities/<?cs var:Story.id ?>" id="back-to-opportunity"><?cs var:Lang.story.back ?></a></p>
<?cs include:"layout/footer.cs" ?>
