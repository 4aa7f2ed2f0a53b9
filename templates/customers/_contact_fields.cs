<form method="post" action="/customers/<?cs var:Form.customer_id ?>/contacts<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form" id="contact-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <?cs call:text_field("name", Lang.contact.name, "text", 1) ?>
  <?cs call:text_field("title", Lang.contact.job_title, "text", 0) ?>
  <?cs call:text_field("phone", Lang.contact.phone, "tel", 0) ?>
  <?cs call:text_field("email", Lang.contact.email, "email", 0) ?>
  <div class="field<?cs if:Form.errors.decision_role ?> invalid<?cs /if ?>">
    <label for="f-decision_role"><?cs var:Lang.contact.decision_role ?></label>
    <select id="f-decision_role" name="decision_role">
      <option value="decides"<?cs if:Form.values.decision_role == "decides" ?> selected<?cs /if ?>><?cs var:Lang.decision_role.decides ?></option>
      <option value="recommends"<?cs if:Form.values.decision_role == "recommends" ?> selected<?cs /if ?>><?cs var:Lang.decision_role.recommends ?></option>
      <option value="influences"<?cs if:Form.values.decision_role == "influences" || !Form.values.decision_role ?> selected<?cs /if ?>><?cs var:Lang.decision_role.influences ?></option>
      <option value="uses"<?cs if:Form.values.decision_role == "uses" ?> selected<?cs /if ?>><?cs var:Lang.decision_role.uses ?></option>
    </select>
    <?cs call:field_error("decision_role") ?>
  </div>
  <div class="field<?cs if:Form.errors.personality ?> invalid<?cs /if ?>">
    <label for="f-personality"><?cs var:Lang.contact.personality ?></label>
    <select id="f-personality" name="personality">
      <option value="unknown"<?cs if:Form.values.personality == "unknown" || !Form.values.personality ?> selected<?cs /if ?>><?cs var:Lang.personality_name.unknown ?></option>
      <option value="know_it_all"<?cs if:Form.values.personality == "know_it_all" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.know_it_all ?></option>
      <option value="open_minded"<?cs if:Form.values.personality == "open_minded" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.open_minded ?></option>
      <option value="hesitant"<?cs if:Form.values.personality == "hesitant" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.hesitant ?></option>
      <option value="complainer"<?cs if:Form.values.personality == "complainer" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.complainer ?></option>
      <option value="analytical"<?cs if:Form.values.personality == "analytical" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.analytical ?></option>
      <option value="bargainer"<?cs if:Form.values.personality == "bargainer" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.bargainer ?></option>
      <option value="intimidating"<?cs if:Form.values.personality == "intimidating" ?> selected<?cs /if ?>><?cs var:Lang.personality_name.intimidating ?></option>
    </select>
    <p class="hint"><?cs var:Lang.contact.personality_hint ?></p>
    <?cs call:field_error("personality") ?>
  </div>
  <div class="field<?cs if:Form.errors.notes ?> invalid<?cs /if ?>">
    <label for="f-contact-notes"><?cs var:Lang.contact.notes ?></label>
    <textarea id="f-contact-notes" name="notes" rows="2"><?cs var:Form.values.notes ?></textarea>
    <?cs call:field_error("notes") ?>
  </div>
  <button type="submit" class="primary" id="save-contact"><?cs var:Lang.contact.save ?></button>
</form>
