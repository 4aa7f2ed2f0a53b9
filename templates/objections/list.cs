<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.obj.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.obj.title ?></h1>
<?cs if:Form.above ?><section class="card" id="obj-edit">
  <h2><?cs var:Lang.obj.update ?></h2>
  <form method="post" action="/objections/<?cs var:Form.id ?>" class="form" id="obj-edit-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:choice_field("result", Lang.rec.result, Choices.result, "") ?>
    <?cs call:textarea_field("response", Lang.rec.response, 2) ?>
    <?cs call:textarea_field("follow_up", Lang.rec.follow_up, 2) ?>
    <button type="submit" class="primary"><?cs var:Lang.obj.update ?></button>
  </form>
</section>
<?cs /if ?><form method="get" action="/objections" class="card" id="obj-filters">
  <label for="q-type"><?cs var:Lang.rec.otype ?></label>
  <select id="q-type" name="type"><option value=""><?cs var:Lang.obj.any_type ?></option>
<?cs each:c = Choices.otype ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.type ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="q-result"><?cs var:Lang.rec.result ?></label>
  <select id="q-result" name="result"><option value=""><?cs var:Lang.obj.any_result ?></option>
<?cs each:c = Choices.result ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Filter.result ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>  </select>
  <label for="q-owner"><?cs var:Lang.rec.owner ?></label>
  <select id="q-owner" name="owner"><option value=""><?cs var:Lang.obj.any_owner ?></option>
<?cs each:u = Choices.users ?>    <option value="<?cs var:u.id ?>"<?cs if:u.id == Filter.owner ?> selected<?cs /if ?>><?cs var:u.name ?></option>
<?cs /each ?>  </select>
<?cs if:Filter.customer ?>  <input type="hidden" name="customer" value="<?cs var:Filter.customer ?>">
<?cs /if ?>  <button type="submit" id="filter"><?cs var:Lang.obj.filter ?></button>
</form>
<?cs set:ExportList = "objections" ?><?cs include:"exports/_control.cs" ?>
<?cs if:subcount(Objs) ?>
<div class="table-wrap">
<table class="list" id="objections">
  <thead><tr><th><?cs var:Lang.rec.quote ?></th><th><?cs var:Lang.rec.otype ?></th><th><?cs var:Lang.obj.customer ?></th><th><?cs var:Lang.obj.record ?></th>
    <th><?cs var:Lang.rec.owner ?></th><th><?cs var:Lang.rec.result ?> · <?cs var:Lang.rec.response ?> · <?cs var:Lang.rec.follow_up ?></th></tr></thead>
  <tbody>
<?cs each:o = Objs ?>    <tr data-objection-id="<?cs var:o.id ?>" data-type="<?cs var:o.type ?>" data-result="<?cs var:o.result ?>">
      <td class="quote">“<?cs var:o.quote ?>”</td><td><?cs var:o.type_label ?></td>
      <td><a href="/customers/<?cs var:o.customer_id ?>"><?cs var:o.customer_name ?></a></td>
      <td><a href="/negotiations/<?cs var:o.negotiation_id ?>"><?cs var:o.held_on ?></a></td>
      <td><?cs var:o.owner ?></td>
      <td>
<?cs if:o.editing ?>        <form method="post" action="/objections/<?cs var:o.id ?>" class="inline obj-update" id="obj-edit-form">
          <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
          <?cs call:choice_field("result", Lang.rec.result, Choices.result, "") ?>
          <?cs call:textarea_field("response", Lang.rec.response, 2) ?>
          <?cs call:textarea_field("follow_up", Lang.rec.follow_up, 2) ?>
          <button type="submit"><?cs var:Lang.obj.update ?></button>
        </form>
<?cs elif:o.can_edit ?>        <form method="post" action="/objections/<?cs var:o.id ?>" class="inline obj-update">
          <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
          <select name="result" aria-label="<?cs var:Lang.rec.result ?>">
<?cs each:c = Choices.result ?>            <option value="<?cs var:c.value ?>"<?cs if:c.value == o.result ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>          </select>
          <input type="text" name="response" value="<?cs var:o.response ?>" aria-label="<?cs var:Lang.rec.response ?>">
          <input type="text" name="follow_up" value="<?cs var:o.follow_up ?>" aria-label="<?cs var:Lang.rec.follow_up ?>">
          <button type="submit"><?cs var:Lang.obj.update ?></button>
        </form>
<?cs else ?>        <?cs var:o.result_label ?> · <?cs var:o.response ?> · <?cs var:o.follow_up ?>
<?cs /if ?>      </td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs if:Page.window_more ?><p class="muted" id="window-more"><?cs var:Lang.rec.window_more ?></p><?cs /if ?>
<?cs if:Page.next_after ?><p><a id="next-page" href="/objections?after=<?cs var:Page.next_after ?><?cs if:Filter.type ?>&amp;type=<?cs var:Filter.type ?><?cs /if ?><?cs if:Filter.result ?>&amp;result=<?cs var:Filter.result ?><?cs /if ?><?cs if:Filter.owner ?>&amp;owner=<?cs var:Filter.owner ?><?cs /if ?><?cs if:Filter.customer ?>&amp;customer=<?cs var:Filter.customer ?><?cs /if ?>"><?cs var:Lang.rec.next_page ?></a></p><?cs /if ?>
<?cs else ?><p class="muted" id="no-objections"><?cs var:Lang.obj.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
