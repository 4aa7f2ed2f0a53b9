<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.closing.title ?><?cs include:"layout/header.cs" ?>
<?cs def:choice_select(name, label, opts, required) ?>
<div class="field<?cs if:Form.errors[name] ?> invalid<?cs /if ?>">
  <label for="f-<?cs var:name ?>"><?cs var:label ?></label>
  <select id="f-<?cs var:name ?>" name="<?cs var:name ?>"<?cs if:required ?> required<?cs /if ?><?cs if:Form.errors[name] ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
    <option value=""><?cs var:Lang.form.choose ?></option>
<?cs each:o = opts ?>    <option value="<?cs var:o.value ?>"<?cs if:o.value == Form.values[name] ?> selected<?cs /if ?>><?cs var:o.label ?></option>
<?cs /each ?>  </select>
  <?cs call:field_error(name) ?>
</div>
<?cs /def ?>
<h1><?cs var:Lang.closing.title ?>: <?cs var:Form.title ?></h1>
<dl class="card facts" id="close-facts">
  <dt><?cs var:Lang.opp.customer ?></dt><dd><a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Form.customer_name ?></a></dd>
  <dt><?cs var:Lang.opp.status ?></dt><dd id="close-status"><?cs var:Form.status_label ?></dd>
  <dt><?cs var:Lang.opp.list_price ?></dt><dd id="close-list-price"><?cs var:Form.list_price ?></dd>
  <dt><?cs var:Lang.opp.current_offer ?></dt><dd><?cs var:Form.current_offer ?></dd>
<?cs if:Form.floor ?>
  <dt><?cs var:Lang.closing.floor ?></dt><dd id="close-floor"><?cs var:Form.floor ?></dd>
<?cs /if ?>
</dl>
<?cs if:Form.closed ?>
<p class="card" id="close-already"><?cs var:Lang.closing.not_open ?> <a href="/opportunities/<?cs var:Form.id ?>/reopen"><?cs var:Lang.closing.reopen ?></a></p>
<?cs else ?>
<form method="post" action="/opportunities/<?cs var:Form.id ?>/close" class="form card" id="close-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <fieldset class="field<?cs if:Form.errors.outcome ?> invalid<?cs /if ?>" id="f-outcome">
    <legend><?cs var:Lang.closing.outcome ?></legend>
<?cs each:o = Choices.outcomes ?>    <label><input type="radio" name="outcome" id="f-outcome-<?cs var:o.value ?>" value="<?cs var:o.value ?>"<?cs if:o.value == Form.values.outcome ?> checked<?cs /if ?>> <?cs var:o.label ?></label>
<?cs /each ?>    <?cs call:field_error("outcome") ?>
  </fieldset>
  <?cs call:choice_select("primary_reason", Lang.closing.primary_reason, Choices.reasons, 1) ?>
  <?cs call:choice_select("secondary_reason", Lang.closing.secondary_reason, Choices.reasons, 0) ?>
  <?cs call:choice_select("competitor", Lang.closing.competitor, Choices.competitors, 0) ?>
  <p class="hint"><?cs var:Lang.closing.competitor_hint ?></p>
  <?cs call:text_field("final_price", Lang.opp.final_price, "text", 0) ?>
  <p class="hint"><?cs var:Lang.closing.price_hint ?> (<?cs var:Form.currency ?>)</p>
  <?cs call:text_field("tactic", Lang.closing.tactic, "text", 0) ?>
  <?cs call:textarea_field("notes", Lang.closing.notes, 3) ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.closing.save ?></button>
    <a href="/opportunities/<?cs var:Form.id ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
