<form method="post" action="/customers/<?cs var:Form.customer_id ?>/contacts<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form" id="contact-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <?cs call:text_field("name", Lang.contact.name, "text", 1) ?>
  <?cs call:text_field("title", Lang.contact.job_title, "text", 0) ?>
  <?cs call:text_field("phone", Lang.contact.phone, "tel", 0) ?>
  <?cs call:text_field("email", Lang.contact.email, "email", 0) ?>
  <?cs call:select_field("decision_role", Lang.contact.decision_role, "decision_role", Options.decision_role) ?>
  <?cs call:select_field("personality", Lang.contact.personality, "personality_name", Options.personality) ?>
  <p class="hint"><?cs var:Lang.contact.personality_hint ?></p>
  <div class="field<?cs if:Form.errors.notes ?> invalid<?cs /if ?>">
    <label for="f-contact-notes"><?cs var:Lang.contact.notes ?></label>
    <textarea id="f-contact-notes" name="notes" rows="2"><?cs var:Form.values.notes ?></textarea>
    <?cs call:field_error("notes") ?>
  </div>
  <button type="submit" class="primary" id="save-contact"><?cs var:Lang.contact.save ?></button>
</form>
