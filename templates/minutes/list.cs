<?cs set:Page.title = Lang.min.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.min.title ?></h1>
<?cs if:Page.can_create ?><p><a class="button" href="/minutes/new" id="new-minutes"><?cs var:Lang.min.new ?></a></p><?cs /if ?>
<?cs if:subcount(Mins) ?>
<table class="list" id="minutes">
  <thead><tr><th><?cs var:Lang.min.held_on ?></th><th><?cs var:Lang.min.team ?></th><th><?cs var:Lang.min.writer ?></th></tr></thead>
  <tbody>
<?cs each:m = Mins ?>    <tr data-minutes-id="<?cs var:m.id ?>"><td><a href="/minutes/<?cs var:m.id ?>"><?cs var:m.held_on ?></a></td><td><?cs var:m.team ?></td><td><?cs var:m.writer ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs else ?><p class="muted" id="no-minutes"><?cs var:Lang.min.none ?></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
