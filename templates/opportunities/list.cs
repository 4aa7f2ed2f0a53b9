<?cs set:Page.title = Lang.opp.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.opp.list_title ?></h1>
<?cs if:Filter.can_create ?>
  <a class="button primary" id="new-opportunity" href="/opportunities/new?customer_id=<?cs var:Filter.customer ?>"><?cs var:Lang.opp.new ?></a>
<?cs /if ?>
</div>
<form method="get" action="/opportunities" class="card" id="opp-filters">
<?cs if:Filter.customer ?>
  <input type="hidden" name="customer" value="<?cs var:Filter.customer ?>">
  <p><?cs var:Lang.opp.for_customer ?> <a href="/customers/<?cs var:Filter.customer ?>" id="filter-customer"><?cs var:Filter.customer_name ?></a>
    · <a href="/opportunities"><?cs var:Lang.opp.clear_customer ?></a></p>
<?cs /if ?>
  <label for="f-status"><?cs var:Lang.opp.status ?></label>
  <select id="f-status" name="status">
    <option value=""><?cs var:Lang.opp.any_status ?></option>
<?cs each:c = Choices.statuses ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.status ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="f-stage"><?cs var:Lang.opp.stage ?></label>
  <select id="f-stage" name="stage">
    <option value=""><?cs var:Lang.opp.any_stage ?></option>
<?cs each:c = Choices.stages ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.stage ?> selected<?cs /if ?>><?cs var:c.value ?>. <?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <button type="submit" id="filter"><?cs var:Lang.opp.filter ?></button>
</form>
<?cs set:ExportList = "opportunities" ?><?cs include:"exports/_control.cs" ?>
<?cs if:subcount(Opps) ?>
<div class="table-wrap">
<table class="list" id="opportunities">
  <thead><tr>
    <th><?cs var:Lang.opp.name ?></th><th><?cs var:Lang.opp.customer ?></th><th><?cs var:Lang.opp.stage ?></th>
    <th><?cs var:Lang.opp.status ?></th><th><?cs var:Lang.opp.current_offer ?></th><th><?cs var:Lang.opp.final_price ?></th>
    <th><?cs var:Lang.opp.expected_close ?></th><th><?cs var:Lang.opp.owner ?></th>
  </tr></thead>
  <tbody>
<?cs each:o = Opps ?>
    <tr data-opportunity-id="<?cs var:o.id ?>" data-stage="<?cs var:o.stage ?>" data-status="<?cs var:o.status ?>">
      <td><a href="/opportunities/<?cs var:o.id ?>"><?cs var:o.title ?></a></td>
      <td><a href="/customers/<?cs var:o.customer_id ?>"><?cs var:o.customer_name ?></a></td>
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
<p class="muted" id="no-opportunities"><?cs var:Lang.opp.none ?></p>
<?cs /if ?>
<?cs if:!Filter.customer ?><p class="hint"><?cs var:Lang.opp.new_hint ?></p><?cs /if ?>
<?cs if:Page.next_after ?><p><a id="next-page" href="/opportunities?after=<?cs var:url_escape(Page.next_after) ?><?cs if:Filter.status ?>&amp;status=<?cs var:url_escape(Filter.status) ?><?cs /if ?><?cs if:Filter.stage ?>&amp;stage=<?cs var:url_escape(Filter.stage) ?><?cs /if ?><?cs if:Filter.customer ?>&amp;customer=<?cs var:url_escape(Filter.customer) ?><?cs /if ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
