<?cs # The opportunities of one customer, for inclusion in the customer page's opportunities section.
   Data from opportunities_for_customer(): CustomerOpps.N.*, CustomerOppsInfo.{customer_id,can_create,more}. ?>
<?cs if:subcount(CustomerOpps) ?>
<div class="table-wrap">
<table class="list" id="customer-opportunities">
  <thead><tr>
    <th><?cs var:Lang.opp.name ?></th><th><?cs var:Lang.opp.stage ?></th><th><?cs var:Lang.opp.status ?></th>
    <th><?cs var:Lang.opp.current_offer ?></th><th><?cs var:Lang.opp.final_price ?></th>
    <th><?cs var:Lang.opp.expected_close ?></th><th><?cs var:Lang.opp.owner ?></th>
  </tr></thead>
  <tbody>
<?cs each:o = CustomerOpps ?>
    <tr data-opportunity-id="<?cs var:o.id ?>" data-stage="<?cs var:o.stage ?>" data-status="<?cs var:o.status ?>">
      <td><a href="/opportunities/<?cs var:o.id ?>"><?cs var:o.title ?></a></td>
      <td><?cs var:o.stage ?>. <?cs var:o.stage_label ?></td>
      <td><?cs var:o.status_label ?></td>
      <td class="num"><?cs var:o.current_offer ?></td>
      <td class="num"><?cs var:o.final_price ?></td>
      <td><?cs var:o.expected_close ?></td>
      <td><?cs var:o.owner ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
</div>
<?cs else ?>
<p class="empty muted"><?cs var:Lang.opp.none ?></p>
<?cs /if ?>
<?cs if:CustomerOppsInfo.more ?>
<p><a href="/opportunities?customer=<?cs var:CustomerOppsInfo.customer_id ?>" id="all-customer-opportunities"><?cs var:Lang.opp.all_for_customer ?></a></p>
<?cs /if ?>
