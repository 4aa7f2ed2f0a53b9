<?cs include:"requests/_rows.cs" ?><?cs set:Page.title = Lang.act.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.act.title ?></h1>
<form method="get" action="/actions" class="card" id="act-filters">
  <label for="f-scope"><?cs var:Lang.act.scope_label ?></label>
  <select id="f-scope" name="scope">
<?cs each:c = Choices.scope ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.scope ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="f-state"><?cs var:Lang.act.state_label ?></label>
  <select id="f-state" name="state">
<?cs each:c = Choices.state ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.state ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="f-from"><?cs var:Lang.act.due_from ?></label>
  <input type="date" id="f-from" name="from" value="<?cs var:Filter.from ?>">
  <label for="f-to"><?cs var:Lang.act.due_to ?></label>
  <input type="date" id="f-to" name="to" value="<?cs var:Filter.to ?>">
<?cs if:Filter.customer ?>  <input type="hidden" name="customer" value="<?cs var:Filter.customer ?>">
<?cs /if ?><?cs if:Filter.owner ?>  <input type="hidden" name="owner" value="<?cs var:Filter.owner ?>">
<?cs /if ?>  <button type="submit" id="filter"><?cs var:Lang.act.filter ?></button>
</form>
<?cs if:subcount(Acts) ?>
<div class="table-wrap">
<table class="list" id="actions">
  <thead><tr><th><?cs var:Lang.act.what ?></th><th><?cs var:Lang.act.deliverable ?></th><th><?cs var:Lang.act.owner ?></th>
    <th><?cs var:Lang.act.due ?></th><th><?cs var:Lang.act.customer ?></th><th><?cs var:Lang.act.source ?></th><th><?cs var:Lang.act.status ?></th></tr></thead>
  <tbody>
<?cs each:a = Acts ?>    <tr data-action-id="<?cs var:a.id ?>"<?cs if:a.overdue ?> class="overdue"<?cs /if ?>>
      <td><a href="/actions/<?cs var:a.id ?>"><?cs var:a.what ?></a></td><td><?cs var:a.deliverable ?></td><td><?cs var:a.owner ?></td>
      <td><?cs var:a.due ?></td>
      <td><a href="/customers/<?cs var:a.customer_id ?>"><?cs var:a.customer ?></a></td>
      <td><?cs if:a.minutes_id ?><a href="/minutes/<?cs var:a.minutes_id ?>"><?cs var:Lang.act.from_minutes ?> <?cs var:a.held_on ?></a><?cs else ?><a href="/negotiations/<?cs var:a.negotiation_id ?>"><?cs var:Lang.act.from_record ?> <?cs var:a.held_on ?></a><?cs /if ?></td>
      <td><?cs if:a.done ?><span class="badge"><?cs var:Lang.act.is_done ?></span> <?cs var:a.result ?><?cs elif:a.overdue ?><span class="badge warn"><?cs var:Lang.act.overdue_by ?> <?cs var:a.overdue_days ?> <?cs var:Lang.act.days ?></span><?cs else ?><?cs var:Lang.act.is_open ?><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs if:Page.next_id ?><p><a id="next-page" href="/actions?<?cs var:Page.filter_link ?>&amp;after_key=<?cs var:url_escape(Page.next_key) ?>&amp;after_id=<?cs var:Page.next_id ?>"><?cs var:Lang.act.next_page ?></a></p><?cs /if ?>
<?cs else ?><p class="muted" id="no-actions"><?cs var:Lang.act.none ?></p>
<?cs /if ?>
<section class="card" id="request-boxes">
  <h2><?cs var:Lang.ireq.title ?></h2>
<?cs each:b = IBox ?><?cs if:b.shown ?>  <h3><a href="/requests?box=<?cs name:b ?>" id="ibox-<?cs name:b ?>"><?cs var:Lang.ireq.box[name(b)] ?></a></h3>
<?cs if:subcount(b.rows) ?><?cs call:ireq_rows(b.rows, "ibox-rows-" + name(b)) ?><?cs else ?>  <p class="muted"><?cs var:Lang.ireq.none ?></p>
<?cs /if ?><?cs /if ?><?cs /each ?></section>
<?cs include:"layout/footer.cs" ?>
