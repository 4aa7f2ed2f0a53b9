<?cs # One inbox table of steps (APPR_COLS rows). ?>
<?cs def:step_table(list, id, show_decision) ?>
<div class="table-wrap">
<table class="list" id="<?cs var:id ?>">
  <thead><tr><th><?cs var:Lang.appr.request ?></th><th><?cs var:Lang.appr.customer ?></th><th><?cs var:Lang.appr.term_col ?></th>
    <th><?cs var:Lang.appr.amount ?></th><th><?cs var:Lang.appr.discount ?></th><th><?cs var:Lang.appr.requester ?></th>
    <th><?cs var:Lang.appr.level ?></th><th><?cs var:Lang.appr.approver ?></th>
    <th><?cs if:show_decision ?><?cs var:Lang.appr.decision ?><?cs else ?><?cs var:Lang.appr.waiting ?><?cs /if ?></th></tr></thead>
  <tbody>
<?cs each:s = list ?>    <tr data-step-id="<?cs var:s.step_id ?>" data-request-id="<?cs var:s.request_id ?>"<?cs if:s.overdue ?> data-overdue="1"<?cs /if ?><?cs if:s.green ?> data-green="1"<?cs /if ?><?cs if:s.superseded ?> data-superseded="1"<?cs /if ?><?cs if:s.hidden ?> data-hidden="1"<?cs /if ?>>
      <td><?cs if:s.hidden ?>#<?cs var:s.request_id ?> <span class="badge hidden-flag"><?cs var:Lang.appr.hidden ?></span><?cs else ?><a href="/concessions/<?cs var:s.request_id ?>">#<?cs var:s.request_id ?></a><?cs /if ?>
<?cs if:s.green ?>        <span class="badge warn green-flag"><?cs var:Lang.appr.green ?></span><?cs /if ?>
<?cs if:s.reviewed ?>        <span class="badge reviewed-flag"><?cs var:Lang.appr.reviewed ?></span>
<?cs elif:s.review_after ?>        <span class="badge review-flag"><?cs var:Lang.appr.review_after ?></span><?cs /if ?></td>
      <td><?cs if:!s.hidden ?><a href="/customers/<?cs var:s.customer_id ?>"><?cs var:s.customer ?></a><?cs /if ?></td>
      <td><?cs if:!s.hidden ?><?cs var:s.term_label ?> → <?cs var:s.requested_value ?><?cs /if ?></td>
      <td class="num"><?cs var:s.amount ?></td><td class="num"><?cs var:s.discount ?></td>
      <td><?cs var:s.requester ?></td>
      <td><?cs var:s.level ?></td>
      <td><?cs var:s.approver ?><?cs if:s.delegated && !show_decision ?> <span class="badge delegated-flag"><?cs var:Lang.appr.delegated ?></span><?cs /if ?></td>
<?cs if:show_decision ?>      <td><?cs var:s.step_state_label ?> · <?cs var:s.decided_at ?><?cs if:s.on_behalf_of ?> (<?cs var:Lang.appr.on_behalf_hint ?> <?cs var:s.on_behalf_of ?>)<?cs /if ?> · <?cs var:s.req_state_label ?></td>
<?cs else ?>      <td><?cs var:s.pending_since ?> · <?cs var:s.age_hours ?> <?cs var:Lang.appr.hours ?>
<?cs if:s.overdue ?>        <span class="badge warn overdue-flag"><?cs var:Lang.appr.overdue ?></span><?cs /if ?>
<?cs if:s.escalated_at ?>        <span class="badge escalated-flag"><?cs var:Lang.appr.escalated ?> <?cs var:s.escalated_at ?></span><?cs /if ?></td>
<?cs /if ?>    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs /def ?>
