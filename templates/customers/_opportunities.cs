<?cs # The opportunities of this customer; replaced by the opportunities feature's own partial when present. ?>
<?cs if:subcount(CustomerOpps) ?>
<table class="list" id="customer-opportunities">
  <tbody>
<?cs each:o = CustomerOpps ?>    <tr><td><a href="/opportunities/<?cs var:o.id ?>"><?cs var:o.title ?></a></td><td><?cs var:o.stage ?></td><td><?cs var:o.status ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs else ?><p class="empty"><?cs var:Lang.customer.no_opportunities ?></p><?cs /if ?>
