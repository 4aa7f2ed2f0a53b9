<?cs set:Page.title = Lang.appr.title ?><?cs include:"layout/header.cs" ?><?cs include:"approvals/_steps.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.appr.title ?></h1>
  <div><a class="button" id="delegations-link" href="/approvals/delegations"><?cs var:Lang.appr.delegations ?></a></div>
</div>
<section class="card" id="inbox-mine">
  <h2><?cs var:Lang.appr.waiting_for_me ?></h2>
<?cs if:subcount(Mine) ?><?cs call:step_table(Mine, "waiting-for-me", 0) ?>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.none_waiting ?></p>
<?cs /if ?></section>
<?cs if:Inbox.approver || subcount(Overdue) ?>
<section class="card" id="inbox-overdue">
  <h2><?cs var:Lang.appr.overdue_below ?></h2>
<?cs if:subcount(Overdue) ?><?cs call:step_table(Overdue, "overdue-below-me", 0) ?>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.none_overdue ?></p>
<?cs /if ?></section>
<?cs /if ?>
<?cs if:Inbox.approver || subcount(Decided) ?>
<section class="card" id="inbox-decided">
  <h2><?cs var:Lang.appr.decided_by_me ?></h2>
<?cs if:subcount(Decided) ?><?cs call:step_table(Decided, "decided-by-me", 1) ?>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.none_decided ?></p>
<?cs /if ?></section>
<?cs /if ?>
<section class="card" id="inbox-requests">
  <h2><?cs var:Lang.appr.my_requests ?></h2>
<?cs if:subcount(Requests) ?>
<div class="table-wrap">
<table class="list" id="my-requests">
  <thead><tr><th><?cs var:Lang.appr.request ?></th><th><?cs var:Lang.appr.customer ?></th><th><?cs var:Lang.appr.term_col ?></th>
    <th><?cs var:Lang.appr.amount ?></th><th><?cs var:Lang.appr.discount ?></th><th><?cs var:Lang.appr.filed ?></th><th><?cs var:Lang.appr.state ?></th></tr></thead>
  <tbody>
<?cs each:q = Requests ?>    <tr data-request-id="<?cs var:q.id ?>" data-state="<?cs var:q.state ?>">
      <td><a href="/concessions/<?cs var:q.id ?>">#<?cs var:q.id ?></a>
<?cs if:q.green ?>        <span class="badge warn green-flag"><?cs var:Lang.appr.green ?></span><?cs /if ?>
<?cs if:q.reviewed ?>        <span class="badge reviewed-flag"><?cs var:Lang.appr.reviewed ?></span>
<?cs elif:q.review_after ?>        <span class="badge review-flag"><?cs var:Lang.appr.review_after ?></span><?cs /if ?></td>
      <td><a href="/customers/<?cs var:q.customer_id ?>"><?cs var:q.customer ?></a></td>
      <td><?cs var:q.term_label ?> → <?cs var:q.requested_value ?></td>
      <td class="num"><?cs var:q.amount ?></td><td class="num"><?cs var:q.discount ?></td>
      <td><?cs var:q.created_at ?></td><td><?cs var:q.state_label ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.none_requests ?></p>
<?cs /if ?></section>
<?cs include:"layout/footer.cs" ?>
