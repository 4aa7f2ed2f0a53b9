<?cs # A table of internal requests: rows under the given node (ireq_box / set_request). ?><?cs def:ireq_rows(rows, id) ?>
<div class="table-wrap">
<table class="list" id="<?cs var:id ?>">
  <thead><tr><th><?cs var:Lang.ireq.subject ?></th><th><?cs var:Lang.ireq.customer ?></th><th><?cs var:Lang.ireq.requester ?></th><th><?cs var:Lang.ireq.responder ?></th><th><?cs var:Lang.ireq.state_label ?></th></tr></thead>
  <tbody>
<?cs each:r = rows ?>    <tr data-request-id="<?cs var:r.id ?>"<?cs if:r.overdue ?> class="overdue"<?cs /if ?>>
      <td><a href="/requests/<?cs var:r.id ?>"><?cs var:r.subject ?></a></td>
      <td><?cs if:r.customer_id ?><a href="/customers/<?cs var:r.customer_id ?>"><?cs var:r.customer ?></a><?cs if:r.opportunity_id ?> · <a href="/opportunities/<?cs var:r.opportunity_id ?>"><?cs var:r.opportunity ?></a><?cs /if ?><?cs /if ?></td>
      <td><?cs var:r.requester ?></td><td><?cs var:r.responder ?><?cs if:r.responder_function ?> (<?cs var:r.responder_function ?>)<?cs /if ?></td>
      <td><?cs var:r.state_label ?><?cs if:r.overdue ?> <span class="badge warn"><?cs var:Lang.ireq.late_by ?> <?cs var:r.hours_late ?> <?cs var:Lang.ireq.hours ?></span><?cs elif:r.state == "open" ?> · <?cs var:Lang.ireq.left ?> <?cs var:r.hours_left ?> <?cs var:Lang.ireq.hours ?><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs /def ?>
