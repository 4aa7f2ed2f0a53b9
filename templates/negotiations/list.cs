<?cs set:Page.title = Lang.rec.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.rec.list_title ?></h1>
  <a class="button primary" id="new-negotiation" href="/negotiations/new<?cs if:Filter.can_create ?>?customer_id=<?cs var:Filter.customer ?><?cs /if ?>"><?cs var:Lang.rec.new ?></a>
</div>
<form method="get" action="/negotiations" class="card" id="neg-filters">
<?cs if:Filter.customer ?>
  <input type="hidden" name="customer" value="<?cs var:Filter.customer ?>">
  <p><?cs var:Lang.rec.for_customer ?> <a href="/customers/<?cs var:Filter.customer ?>" id="filter-customer"><?cs var:Filter.customer_name ?></a>
    · <a href="/negotiations"><?cs var:Lang.rec.clear_customer ?></a></p>
<?cs /if ?>
  <label for="f-phase"><?cs var:Lang.rec.phase ?></label>
  <select id="f-phase" name="phase"><option value=""><?cs var:Lang.rec.any_phase ?></option>
<?cs each:c = Choices.phases ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.phase ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="f-status"><?cs var:Lang.rec.status ?></label>
  <select id="f-status" name="status"><option value=""><?cs var:Lang.rec.any_status ?></option>
<?cs each:c = Choices.statuses ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.status ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label><input type="checkbox" name="late" value="1" id="f-late"<?cs if:Filter.late ?> checked<?cs /if ?>> <?cs var:Lang.rec.only_late ?></label>
  <button type="submit" id="filter"><?cs var:Lang.rec.filter ?></button>
</form>
<?cs set:ExportList = "records" ?>
<?cs include:"exports/_control.cs" ?>
<?cs if:subcount(Recs) ?>
<div class="table-wrap">
<table class="list" id="negotiations">
  <thead><tr><th><?cs var:Lang.rec.customer ?></th><th><?cs var:Lang.rec.held_on ?></th><th><?cs var:Lang.rec.phase ?></th>
    <th><?cs var:Lang.rec.type ?></th><th><?cs var:Lang.rec.status ?></th><th><?cs var:Lang.rec.owner ?></th><th><?cs var:Lang.rec.completed_at ?></th><th><?cs var:Lang.rec.flag_count ?></th></tr></thead>
  <tbody>
<?cs each:n = Recs ?>    <tr data-negotiation-id="<?cs var:n.id ?>" data-late="<?cs if:n.late ?>1<?cs else ?>0<?cs /if ?>"<?cs if:n.late ?> class="late"<?cs /if ?>>
      <td><a href="/negotiations/<?cs var:n.id ?>"><?cs var:n.customer_name ?></a></td>
      <td><?cs var:n.held_on ?></td><td><?cs var:n.phase_label ?></td><td><?cs var:n.type_label ?></td><td><?cs var:n.status_label ?></td>
      <td><?cs var:n.owner ?></td>
      <td><?cs if:n.completed ?><?cs var:Lang.rec.done ?><?cs else ?><?cs var:Lang.rec.draft ?><?cs /if ?><?cs if:n.late ?> <span class="badge warn flag-late"><?cs var:Lang.rec.late_short ?></span><?cs /if ?></td>
      <td class="num"><?cs if:n.flags > 0 ?><span class="badge warn"><?cs var:n.flags ?></span><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs if:Page.window_more ?><p class="muted" id="window-more"><?cs var:Lang.rec.window_more ?></p><?cs /if ?>
<?cs if:Page.next_after ?><p><a id="next-page" href="/negotiations?after=<?cs var:Page.next_after ?><?cs if:Filter.customer ?>&amp;customer=<?cs var:Filter.customer ?><?cs /if ?><?cs if:Filter.phase ?>&amp;phase=<?cs var:Filter.phase ?><?cs /if ?><?cs if:Filter.status ?>&amp;status=<?cs var:Filter.status ?><?cs /if ?><?cs if:Filter.late ?>&amp;late=1<?cs /if ?>"><?cs var:Lang.rec.next_page ?></a></p><?cs /if ?>
<?cs else ?>
<p class="muted" id="no-records"><?cs var:Lang.rec.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
