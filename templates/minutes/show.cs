<?cs set:Page.title = Lang.min.one ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.min.one ?> · <?cs var:Min.team ?> · <?cs var:Min.held_on ?></h1>
<?cs if:Min.can_edit ?>  <a class="button" href="/minutes/<?cs var:Min.id ?>/edit" id="edit-minutes"><?cs var:Lang.min.edit ?></a>
<?cs /if ?></div>
<section class="card" id="minutes" data-minutes-id="<?cs var:Min.id ?>">
  <dl class="fields">
    <dt><?cs var:Lang.min.attendees ?></dt><dd id="min-attendees"><?cs var:Min.attendees ?></dd>
    <dt><?cs var:Lang.min.writer ?></dt><dd><?cs var:Min.writer ?></dd>
  </dl>
  <h2><?cs var:Lang.min.topics ?></h2>
<?cs if:subcount(Min.topics) ?>  <table class="list" id="min-topics">
    <thead><tr><th><?cs var:Lang.min.customer ?></th><th><?cs var:Lang.min.topic ?></th><th><?cs var:Lang.min.decision ?></th><th><?cs var:Lang.min.state ?></th></tr></thead>
    <tbody>
<?cs each:t = Min.topics ?>      <tr><td><a href="/customers/<?cs var:t.customer ?>"><?cs var:t.customer_name ?></a><?cs if:t.opportunity ?> · <a href="/opportunities/<?cs var:t.opportunity ?>"><?cs var:t.opportunity_title ?></a><?cs /if ?></td><td><?cs var:t.topic ?></td><td><?cs var:t.decision ?></td><td><?cs if:t.open ?><?cs var:Lang.min.open ?><?cs else ?><?cs var:Lang.min.settled ?><?cs /if ?></td></tr>
<?cs /each ?>    </tbody>
  </table><?cs else ?>  <p class="muted"><?cs var:Lang.min.nothing ?></p><?cs /if ?>
  <h2><?cs var:Lang.min.actions ?></h2>
<?cs if:subcount(Min.actions) ?>  <table class="list" id="min-actions">
    <thead><tr><th><?cs var:Lang.act.what ?></th><th><?cs var:Lang.act.customer ?></th><th><?cs var:Lang.act.owner ?></th><th><?cs var:Lang.act.due ?></th><th><?cs var:Lang.act.deliverable ?></th><th><?cs var:Lang.act.status ?></th></tr></thead>
    <tbody>
<?cs each:a = Min.actions ?>      <tr data-action-id="<?cs var:a.id ?>"><td><a href="/actions/<?cs var:a.id ?>"><?cs var:a.what ?></a></td><td><?cs var:a.customer_name ?></td><td><?cs var:a.owner_name ?></td><td><?cs var:a.due ?></td><td><?cs var:a.deliverable ?></td><td><?cs if:a.done ?><?cs var:Lang.act.is_done ?><?cs else ?><?cs var:Lang.act.is_open ?><?cs /if ?></td></tr>
<?cs /each ?>    </tbody>
  </table><?cs else ?>  <p class="muted"><?cs var:Lang.min.nothing ?></p><?cs /if ?>
</section>
<p><a href="/minutes"><?cs var:Lang.min.back ?></a></p>
<?cs include:"layout/footer.cs" ?>
