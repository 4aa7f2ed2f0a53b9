<?cs include:"layout/macros.cs" ?><?cs set:Page.title = Lang.ireq.new_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.ireq.new_title ?></h1>
<p><?cs var:Lang.ireq.customer ?>: <a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Form.customer ?></a></p>
<p class="hint"><?cs var:Lang.ireq.rule ?></p>
<?cs if:Form.error ?><p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p><?cs /if ?>
<form method="post" action="/customers/<?cs var:Form.customer_id ?>/requests" class="form card" id="request-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <div class="field<?cs if:Form.errors.opportunity_id ?> invalid<?cs /if ?>">
    <label for="f-opportunity_id"><?cs var:Lang.ireq.opportunity ?></label>
    <select id="f-opportunity_id" name="opportunity_id"><option value=""><?cs var:Lang.ireq.no_opportunity ?></option>
<?cs each:o = Choices.opps ?>      <option value="<?cs var:o.value ?>"<?cs if:o.value == Form.values.opportunity_id ?> selected<?cs /if ?>><?cs var:o.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("opportunity_id") ?>
  </div>
  <div class="field<?cs if:Form.errors.responder ?> invalid<?cs /if ?>">
    <label for="f-responder"><?cs var:Lang.ireq.responder ?></label>
    <select id="f-responder" name="responder"<?cs if:Form.errors.responder ?> aria-invalid="true" aria-describedby="err-responder"<?cs /if ?>><option value=""><?cs var:Lang.form.choose ?></option>
<?cs each:o = Choices.responders ?>      <option value="<?cs var:o.value ?>"<?cs if:o.value == Form.values.responder ?> selected<?cs /if ?>><?cs var:o.label ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("responder") ?>
  </div>
  <?cs call:text_field("subject", Lang.ireq.subject, "text", 1) ?>
  <?cs call:textarea_field("question", Lang.ireq.question, 4) ?>
  <button type="submit" class="primary" id="raise-request"><?cs var:Lang.ireq.raise ?></button>
</form>
<?cs include:"layout/footer.cs" ?>
