<?cs set:Page.title = Lang.followup.my_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.followup.my_title ?></h1>
<?cs set:ExportList = "followups" ?><?cs include:"exports/_control.cs" ?>
<section class="card">
  <h2><?cs var:Lang.followup.mine ?></h2>
  <table class="list" id="my-followups">
    <thead><tr><th><?cs var:Lang.customer.name ?></th><th><?cs var:Lang.customer.intent ?></th><th><?cs var:Lang.customer.next_follow_up ?></th></tr></thead>
    <tbody>
<?cs each:f = Mine ?>      <tr data-customer-id="<?cs var:f.id ?>"<?cs if:f.overdue ?> class="overdue"<?cs /if ?>><td><a href="/customers/<?cs var:f.id ?>"><?cs var:f.name ?></a></td><td><?cs var:f.intent ?></td><td><?cs var:f.next ?><?cs if:f.overdue ?> <span class="badge warn"><?cs var:Lang.customer.overdue ?></span><?cs /if ?></td></tr>
<?cs /each ?>    </tbody>
  </table>
  <?cs if:!subcount(Mine) ?><p class="empty"><?cs var:Lang.followup.none_due ?></p><?cs /if ?>
</section>
<?cs if:Page.team_view ?>
<section class="card">
  <h2><?cs var:Lang.followup.team_overdue ?></h2>
  <table class="list" id="team-overdue">
    <thead><tr><th><?cs var:Lang.customer.name ?></th><th><?cs var:Lang.customer.owner ?></th><th><?cs var:Lang.customer.intent ?></th><th><?cs var:Lang.customer.next_follow_up ?></th></tr></thead>
    <tbody>
<?cs each:f = Team ?>      <tr data-customer-id="<?cs var:f.id ?>" class="overdue"><td><a href="/customers/<?cs var:f.id ?>"><?cs var:f.name ?></a></td><td><?cs var:f.owner ?></td><td><?cs var:f.intent ?></td><td><?cs var:f.next ?></td></tr>
<?cs /each ?>    </tbody>
  </table>
  <?cs if:!subcount(Team) ?><p class="empty"><?cs var:Lang.followup.none_overdue ?></p><?cs /if ?>
</section>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
