<?cs include:"layout/macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.conc.edit ?><?cs else ?><?cs set:Page.title = Lang.conc.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<h1><?cs var:Page.title ?></h1>
<form method="post" action="/concessions<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card" id="concession-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
<?cs if:!Form.id ?>
  <input type="hidden" name="opportunity_id" value="<?cs var:Form.opportunity_id ?>">
<?cs if:Form.negotiation_id ?>  <input type="hidden" name="negotiation_id" value="<?cs var:Form.negotiation_id ?>">
<?cs /if ?><?cs /if ?>
  <dl class="facts">
    <dt><?cs var:Lang.conc.customer ?></dt><dd><a href="/customers/<?cs var:Form.customer_id ?>" id="form-customer"><?cs var:Form.customer_name ?></a></dd>
    <dt><?cs var:Lang.conc.opportunity ?></dt><dd><a href="/opportunities/<?cs var:Form.opportunity_id ?>" id="form-opportunity"><?cs var:Form.opportunity_title ?></a></dd>
    <dt><?cs var:Lang.conc.list_price ?></dt><dd id="form-list-price"><?cs if:Form.list_price ?><?cs var:Form.list_price ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
<?cs if:Form.negotiation_id ?>    <dt><?cs var:Lang.conc.record ?></dt><dd><a href="/negotiations/<?cs var:Form.negotiation_id ?>" id="form-record">#<?cs var:Form.negotiation_id ?></a></dd>
<?cs /if ?>  </dl>
  <div class="field<?cs if:Form.errors.term ?> invalid<?cs /if ?>">
    <label for="f-term"><?cs var:Lang.conc.term_label ?></label>
    <select id="f-term" name="term">
<?cs each:c = Choices.term ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.term ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("term") ?>
  </div>
  <?cs call:text_field("current_value", Lang.conc.current_value, "text", 1) ?>
  <?cs call:text_field("requested_value", Lang.conc.requested_value, "text", 1) ?>
  <p class="hint"><?cs var:Lang.conc.price_hint ?></p>
  <?cs call:text_field("amount", Lang.conc.amount, "text", 0) ?>
  <p class="hint"><?cs var:Lang.conc.amount_hint ?> (<?cs var:Form.currency ?>)</p>
  <?cs call:text_field("payment_days", Lang.conc.payment_days, "number", 0) ?>
  <p class="hint"><?cs var:Lang.conc.payment_days_hint ?></p>
  <div class="field<?cs if:Form.errors.justification ?> invalid<?cs /if ?>">
    <label for="f-justification"><?cs var:Lang.conc.justification ?></label>
    <textarea id="f-justification" name="justification" rows="4" maxlength="5000" required><?cs var:Form.values.justification ?></textarea>
    <?cs call:field_error("justification") ?>
  </div>
  <div class="field<?cs if:Form.errors.counter_concession ?> invalid<?cs /if ?>">
    <label for="f-counter_concession"><?cs var:Lang.conc.counter_concession ?></label>
    <textarea id="f-counter_concession" name="counter_concession" rows="3" maxlength="5000"><?cs var:Form.values.counter_concession ?></textarea>
    <p class="hint"><?cs var:Lang.conc.counter_hint ?></p>
    <?cs call:field_error("counter_concession") ?>
  </div>
  <div class="field<?cs if:Form.errors.urgency ?> invalid<?cs /if ?>">
    <label for="f-urgency"><?cs var:Lang.conc.urgency_label ?></label>
    <select id="f-urgency" name="urgency">
<?cs each:c = Choices.urgency ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.urgency ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <p class="hint"><?cs var:Lang.conc.green_hint ?></p>
    <?cs call:field_error("urgency") ?>
  </div>
  <div class="field<?cs if:Form.errors.plan_id ?> invalid<?cs /if ?>">
    <label for="f-plan_id"><?cs var:Lang.conc.plan ?></label>
    <select id="f-plan_id" name="plan_id">
      <option value=""><?cs var:Lang.conc.no_plan ?></option>
<?cs each:p = Form.plans ?>      <option value="<?cs var:p.id ?>"<?cs if:p.id == Form.values.plan_id ?> selected<?cs /if ?>><?cs var:p.topic ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("plan_id") ?>
  </div>
<?cs if:Form.id ?>  <p class="hint" id="change-hint"><?cs var:Lang.conc.change_hint ?></p>
<?cs /if ?>  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs if:Form.id ?><?cs var:Lang.common.save ?><?cs else ?><?cs var:Lang.conc.file ?><?cs /if ?></button>
    <a href="<?cs if:Form.id ?>/concessions/<?cs var:Form.id ?><?cs else ?>/opportunities/<?cs var:Form.opportunity_id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
