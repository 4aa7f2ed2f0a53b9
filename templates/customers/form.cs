<?cs include:"layout/macros.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.customer.edit ?><?cs else ?><?cs set:Page.title = Lang.customer.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<h1><?cs var:Page.title ?></h1>
<p class="muted"><?cs var:Lang.customer.form_intro ?></p>
<form method="post" action="/customers<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card" id="customer-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <fieldset>
    <legend><?cs var:Lang.customer.basics ?></legend>
    <?cs call:text_field("name", Lang.customer.name, "text", 1) ?>
    <?cs call:text_field("industry", Lang.customer.industry, "text", 0) ?>
    <?cs call:text_field("employees", Lang.customer.employees, "text", 0) ?>
    <?cs call:text_field("annual_revenue", Lang.customer.annual_revenue, "text", 0) ?>
    <p class="hint"><?cs var:Lang.customer.money_hint ?></p>
    <?cs call:select_field("currency", Lang.customer.currency, "currency", Options.currency) ?>
    <?cs call:select_field("source", Lang.customer.source, "source", Options.source) ?>
    <?cs call:select_field("segment", Lang.customer.segment, "segment", Options.segment) ?>
    <?cs call:select_field("intent", Lang.customer.intent, "intent", Options.intent) ?>
    <p class="hint"><?cs var:Lang.customer.intent_hint ?></p>
    <?cs call:select_field("stage", Lang.customer.stage, "stage", Options.stage) ?>
    <?cs call:text_field("next_follow_up", Lang.customer.next_follow_up, "date", 0) ?>
    <p class="hint"><?cs var:Lang.customer.next_hint ?></p>
    <?cs call:check_field("shared_with_team", Lang.customer.share) ?>
<?cs if:Form.pick_owner ?>
    <?cs call:choice_field("owner_id", Lang.customer.owner, Choices.owners, Lang.common.none) ?>
<?cs /if ?>
  </fieldset>
  <fieldset>
    <legend><?cs var:Lang.customer.needs_title ?></legend>
    <?cs call:textarea_field("need_summary", Lang.customer.need_summary, 3) ?>
    <?cs call:textarea_field("suppliers", Lang.customer.suppliers, 3) ?>
    <p class="hint"><?cs var:Lang.customer.suppliers_hint ?></p>
    <?cs call:textarea_field("decision_process", Lang.customer.decision_process, 2) ?>
    <?cs call:textarea_field("notes", Lang.customer.notes, 3) ?>
  </fieldset>
<?cs if:Form.confidential ?>
  <fieldset class="confidential">
    <legend><?cs var:Lang.customer.confidential_title ?></legend>
    <p class="hint"><?cs var:Lang.customer.confidential_hint ?></p>
    <?cs call:text_field("budget_ceiling", Lang.customer.budget_ceiling, "text", 0) ?>
    <?cs call:textarea_field("decision_notes", Lang.customer.decision_notes, 3) ?>
  </fieldset>
<?cs /if ?>
  <div class="actions">
    <button type="submit" class="primary" id="save-customer"><?cs var:Lang.common.save ?></button>
    <a href="/customers<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs include:"layout/footer.cs" ?>
