<?cs include:"layout/macros.cs" ?><?cs include:"negotiations/_rows.cs" ?>
<?cs if:Form.id ?><?cs set:Page.title = Lang.rec.edit ?><?cs else ?><?cs set:Page.title = Lang.rec.new ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<link rel="stylesheet" href="/static/record.css">
<script src="/static/record.js" defer></script>
<h1><?cs var:Page.title ?></h1>
<div class="hint-box" id="objectivity"><p><?cs var:Lang.rec.objectivity ?></p></div>
<form method="post" action="/negotiations<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form card record-form" id="negotiation-form" novalidate data-entry data-autosave="/negotiations/" data-saving="<?cs var:Lang.rec.saving ?>" data-saved="<?cs var:Lang.rec.saved_at ?>" data-failed="<?cs var:Lang.rec.autosave_failed ?>" data-offline="<?cs var:Lang.rec.autosave_offline ?>" data-conflict="<?cs var:Lang.rec.autosave_conflict ?>">
  <?cs # The form's default button is disabled: Enter in a single-line field never submits (without JavaScript too). ?>
  <button type="submit" disabled hidden aria-hidden="true" tabindex="-1" class="enter-guard"></button>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="revision" value="<?cs var:Form.revision ?>">
<?cs if:!Form.id ?>  <input type="hidden" name="customer_id" value="<?cs var:Form.customer_id ?>" data-parent>
<?cs /if ?>
  <div class="actions"><button type="submit" class="primary" id="save-top" name="draft" value="1"><?cs var:Lang.rec.save_draft ?></button>
    <span class="autosave-status" id="autosave-status" role="status" aria-live="polite"></span></div>
<?cs if:Form.conflict ?>
  <div class="conflict" id="conflict"><p><?cs var:Lang.rec.conflict_by ?> <?cs var:Form.conflict_by ?>, <?cs var:Form.conflict_at ?></p>
    <p><a href="/negotiations/<?cs var:Form.id ?>" target="_blank" rel="noopener" id="conflict-view"><?cs var:Lang.rec.view_saved ?></a></p></div>
<?cs /if ?>
<?cs if:Form.errors.complete_needs || Form.errors.complete_actions || Form.errors.complete_participants || Form.errors.complete_review ?>
  <ul class="error" id="complete-errors">
<?cs each:k = Form.errors ?><?cs if:name(k) == "complete_needs" || name(k) == "complete_actions" || name(k) == "complete_participants" || name(k) == "complete_review" ?>    <li><?cs var:k ?></li>
<?cs /if ?><?cs /each ?>  </ul>
<?cs /if ?>
  <fieldset id="basic"><legend><?cs var:Lang.rec.basic ?></legend>
  <div class="field"><label><?cs var:Lang.rec.customer ?></label>
    <p class="static"><a href="/customers/<?cs var:Form.customer_id ?>" id="form-customer"><?cs var:Form.customer_name ?></a></p></div>
  <div class="field<?cs if:Form.errors.opportunity_id ?> invalid<?cs /if ?>"><label for="f-opportunity_id"><?cs var:Lang.rec.opportunity ?></label>
    <select id="f-opportunity_id" name="opportunity_id"><option value=""><?cs var:Lang.rec.none_selected ?></option>
<?cs each:o = Choices.opps ?>      <option value="<?cs var:o.id ?>"<?cs if:o.id == Form.values.opportunity_id ?> selected<?cs /if ?>><?cs var:o.title ?></option>
<?cs /each ?>    </select><?cs call:field_error("opportunity_id") ?></div>
  <div class="field<?cs if:Form.errors.plan_id ?> invalid<?cs /if ?>"><label for="f-plan_id"><?cs var:Lang.rec.plan ?></label>
    <select id="f-plan_id" name="plan_id"><option value=""><?cs var:Lang.rec.none_selected ?></option>
<?cs each:p = Choices.plans ?>      <option value="<?cs var:p.id ?>"<?cs if:p.id == Form.values.plan_id ?> selected<?cs /if ?>><?cs var:p.topic ?> (<?cs var:p.opp ?>)</option>
<?cs /each ?>    </select><?cs call:field_error("plan_id") ?></div>
  <?cs call:text_field("held_on", Lang.rec.held_on, "date", 1) ?><?cs call:theirs("held_on") ?>
  <?cs call:text_field("start_time", Lang.rec.start_time, "text", 1) ?><?cs call:theirs("start_time") ?>
  <?cs call:text_field("end_time", Lang.rec.end_time, "text", 1) ?><?cs call:theirs("end_time") ?>
  <p class="hint"><?cs var:Lang.rec.time_hint ?></p>
  <?cs call:text_field("place", Lang.rec.place, "text", 0) ?><?cs call:theirs("place") ?>
  <p class="hint"><?cs var:Lang.rec.place_hint ?></p>
  <?cs call:text_field("our_participants", Lang.rec.our_participants, "text", 0) ?><?cs call:theirs("our_participants") ?>
  <div class="field<?cs if:Form.errors.their_participants ?> invalid<?cs /if ?>">
    <label for="f-their_participants"><?cs var:Lang.rec.their_participants ?></label>
    <input id="f-their_participants" name="their_participants" type="text" value="<?cs var:Form.values.their_participants ?>" list="customer-contacts" aria-describedby="hint-contacts"<?cs if:Form.errors.their_participants ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint" id="hint-contacts"><?cs var:Lang.rec.contacts_hint ?></p>
    <?cs call:field_error("their_participants") ?><?cs call:theirs("their_participants") ?>
  </div>
  <datalist id="customer-contacts"><?cs each:k = Choices.contacts ?><option value="<?cs var:k ?>"></option><?cs /each ?></datalist>
  <div class="field<?cs if:Form.errors.type ?> invalid<?cs /if ?>"><label for="f-type"><?cs var:Lang.rec.type ?></label>
    <select id="f-type" name="type"><option value=""><?cs var:Lang.rec.choose ?></option>
<?cs each:c = Choices.types ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.type ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select><?cs call:field_error("type") ?></div>
  <div class="field<?cs if:Form.errors.phase ?> invalid<?cs /if ?>"><label for="f-phase"><?cs var:Lang.rec.phase ?></label>
    <select id="f-phase" name="phase"><option value=""><?cs var:Lang.rec.choose ?></option>
<?cs each:c = Choices.phases ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.phase ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select><?cs call:field_error("phase") ?></div>
  <div class="field<?cs if:Form.errors.status ?> invalid<?cs /if ?>"><label for="f-status"><?cs var:Lang.rec.status ?></label>
    <select id="f-status" name="status">
<?cs each:c = Choices.statuses ?>      <option value="<?cs var:c.value ?>"<?cs if:c.value == Form.values.status ?> selected<?cs /if ?>><?cs var:c.label ?></option>
<?cs /each ?>    </select><?cs call:field_error("status") ?></div>
  </fieldset>

  <fieldset id="list-needs" class="rows"><legend><?cs var:Lang.rec.needs ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.need ?></th><th><?cs var:Lang.rec.urgency ?></th><th><?cs var:Lang.rec.topic ?></th><th></th></tr></thead>
  <tbody data-list="needs"><?cs each:row = Form.rows.needs ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("needs", row, "text", Lang.rec.need) ?><?cs call:rsel("needs", row, "urgency", Lang.rec.urgency, Choices.urgency) ?><?cs call:rsel("needs", row, "topic", Lang.rec.topic, Choices.topic) ?><?cs call:rremove("needs", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("needs") ?></fieldset>

  <fieldset id="list-objections" class="rows"><legend><?cs var:Lang.rec.objections ?></legend>
  <p class="hint"><?cs var:Lang.rec.objectivity ?></p>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.quote ?></th><th><?cs var:Lang.rec.otype ?></th><th><?cs var:Lang.rec.response ?></th><th><?cs var:Lang.rec.result ?></th><th><?cs var:Lang.rec.owner ?></th><th><?cs var:Lang.rec.follow_up ?></th><th></th></tr></thead>
  <tbody data-list="objections"><?cs each:row = Form.rows.objections ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("objections", row, "quote", Lang.rec.quote) ?><?cs call:rsel("objections", row, "type", Lang.rec.otype, Choices.otype) ?><?cs call:rarea("objections", row, "response", Lang.rec.response) ?><?cs call:rsel("objections", row, "result", Lang.rec.result, Choices.result) ?><?cs call:ruser("objections", row, "owner", Lang.rec.owner) ?><?cs call:rarea("objections", row, "follow_up", Lang.rec.follow_up) ?><?cs call:rremove("objections", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("objections") ?></fieldset>

  <fieldset id="list-proposals" class="rows"><legend><?cs var:Lang.rec.proposals ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.proposal ?></th><th><?cs var:Lang.rec.for_need ?></th><th></th></tr></thead>
  <tbody data-list="proposals"><?cs each:row = Form.rows.proposals ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("proposals", row, "text", Lang.rec.proposal) ?><?cs call:rnum("proposals", row, "need", Lang.rec.for_need) ?><?cs call:rremove("proposals", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("proposals") ?></fieldset>

  <fieldset id="list-terms" class="rows"><legend><?cs var:Lang.rec.terms ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.term ?></th><th><?cs var:Lang.rec.ours ?></th><th><?cs var:Lang.rec.theirs ?></th><th><?cs var:Lang.rec.agreed ?></th><th><?cs var:Lang.rec.price ?></th><th><?cs var:Lang.rec.discount ?></th><th><?cs var:Lang.rec.payment_days ?></th><th></th></tr></thead>
  <tbody data-list="terms"><?cs each:row = Form.rows.terms ?><tr data-row="<?cs name:row ?>"><?cs call:rsel("terms", row, "term", Lang.rec.term, Choices.term) ?><?cs call:rtext("terms", row, "ours", Lang.rec.ours) ?><?cs call:rtext("terms", row, "theirs", Lang.rec.theirs) ?><?cs call:rcheck("terms", row, "agreed", Lang.rec.agreed) ?><?cs call:rnum("terms", row, "price", Lang.rec.price) ?><?cs call:rnum("terms", row, "discount", Lang.rec.discount) ?><?cs call:rnum("terms", row, "payment_days", Lang.rec.payment_days) ?><?cs call:rremove("terms", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("terms") ?></fieldset>

  <fieldset id="list-concessions" class="rows"><legend><?cs var:Lang.rec.concessions ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.term ?></th><th><?cs var:Lang.rec.from ?></th><th><?cs var:Lang.rec.to ?></th><th><?cs var:Lang.rec.value ?></th><th><?cs var:Lang.rec.discount ?></th><th><?cs var:Lang.rec.payment_days ?></th><th><?cs var:Lang.rec.counter ?></th><th><?cs var:Lang.conc.request_col ?></th><th></th></tr></thead>
  <tbody data-list="concessions"><?cs each:row = Form.rows.concessions ?><tr data-row="<?cs name:row ?>"><?cs call:rsel("concessions", row, "term", Lang.rec.term, Choices.cterm) ?><?cs call:rtext("concessions", row, "from", Lang.rec.from) ?><?cs call:rtext("concessions", row, "to", Lang.rec.to) ?><?cs call:rnum("concessions", row, "value", Lang.rec.value) ?><?cs call:rnum("concessions", row, "discount", Lang.rec.discount) ?><?cs call:rnum("concessions", row, "payment_days", Lang.rec.payment_days) ?><?cs call:rtext("concessions", row, "counter", Lang.rec.counter) ?><td class="<?cs if:row.err.request ?>invalid<?cs /if ?>" data-label="<?cs var:Lang.conc.request_col ?>"><?cs set:found = 0 ?><select name="concessions.<?cs name:row ?>.request" id="f-concessions-<?cs name:row ?>-request" aria-label="<?cs var:Lang.conc.request_col ?>"<?cs if:row.err.request ?> aria-invalid="true"<?cs /if ?>><option value=""><?cs var:Lang.rec.request_none ?></option><?cs each:q = Choices.requests ?><option value="<?cs var:q.id ?>" data-opportunity="<?cs var:q.opp_id ?>"<?cs if:q.id == row.request ?> selected<?cs set:found = 1 ?><?cs /if ?>>#<?cs var:q.id ?> <?cs var:q.term ?> <?cs var:q.amount ?> (<?cs var:q.discount ?>) · <?cs var:q.opp ?></option><?cs /each ?><?cs if:row.request && !found ?><option value="<?cs var:row.request ?>" selected>#<?cs var:row.request ?></option><?cs /if ?></select><?cs if:row.request ?> <a href="/concessions/<?cs var:row.request ?>" class="request-view"><?cs var:Lang.conc.request_col ?> #<?cs var:row.request ?></a><?cs /if ?><?cs call:rerr(row, "request") ?><?cs if:row.request_link ?><a href="<?cs var:row.request_link ?>" class="request-link" id="request-link-<?cs name:row ?>"><?cs var:Lang.conc.request_link ?></a><?cs /if ?></td><?cs call:rremove("concessions", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("concessions") ?></fieldset>

  <fieldset id="list-agreements" class="rows"><legend><?cs var:Lang.rec.agreements ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.agreement ?></th><th></th></tr></thead>
  <tbody data-list="agreements"><?cs each:row = Form.rows.agreements ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("agreements", row, "text", Lang.rec.agreement) ?><?cs call:rremove("agreements", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("agreements") ?></fieldset>

  <fieldset id="list-disagreements" class="rows"><legend><?cs var:Lang.rec.disagreements ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.disagreement ?></th><th><?cs var:Lang.rec.reason ?></th><th></th></tr></thead>
  <tbody data-list="disagreements"><?cs each:row = Form.rows.disagreements ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("disagreements", row, "text", Lang.rec.disagreement) ?><?cs call:rtext("disagreements", row, "reason", Lang.rec.reason) ?><?cs call:rremove("disagreements", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("disagreements") ?></fieldset>

  <fieldset id="list-actions" class="rows"><legend><?cs var:Lang.rec.actions ?></legend>
  <p class="hint"><?cs var:Lang.rec.actions_hint ?></p>
<?cs if:Form.errors.actions ?>  <p class="field-error" id="err-actions"><?cs var:Form.errors.actions ?></p>
<?cs /if ?>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.what ?></th><th><?cs var:Lang.rec.action_owner ?></th><th><?cs var:Lang.rec.due ?></th><th><?cs var:Lang.rec.deliverable ?></th><th></th></tr></thead>
  <tbody data-list="actions"><?cs each:row = Form.rows.actions ?><tr data-row="<?cs name:row ?>"><?cs call:rtext("actions", row, "what", Lang.rec.what) ?><?cs call:ruser("actions", row, "owner", Lang.rec.action_owner) ?><?cs call:rdate("actions", row, "due", Lang.rec.due) ?><?cs call:rtext("actions", row, "deliverable", Lang.rec.deliverable) ?><?cs call:rremove("actions", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("actions") ?></fieldset>

  <fieldset id="list-attitudes" class="rows"><legend><?cs var:Lang.rec.attitudes ?></legend>
  <table class="rows"><thead><tr><th><?cs var:Lang.rec.person ?></th><th><?cs var:Lang.rec.observation ?></th><th></th></tr></thead>
  <tbody data-list="attitudes"><?cs each:row = Form.rows.attitudes ?><tr data-row="<?cs name:row ?>"><?cs call:rtext_list("attitudes", row, "person", Lang.rec.person, "customer-contacts") ?><?cs call:rarea("attitudes", row, "observation", Lang.rec.observation) ?><?cs call:rremove("attitudes", row) ?></tr>
<?cs /each ?></tbody></table><?cs call:radd("attitudes") ?></fieldset>

  <fieldset id="review"><legend><?cs var:Lang.rec.review ?></legend>
  <?cs call:area_field("review_strengths", Lang.rec.review_strengths) ?>
  <?cs call:area_field("review_improve", Lang.rec.review_improve) ?>
  <?cs call:area_field("review_relationship", Lang.rec.review_relationship) ?>
  <?cs call:area_field("review_strategy", Lang.rec.review_strategy) ?>
  <?cs call:area_field("review_moments", Lang.rec.review_moments) ?>
  </fieldset>
  <div class="actions">
    <button type="submit" class="primary" id="save" name="draft" value="1"><?cs var:Lang.rec.save_draft ?></button>
<?cs if:!Form.completed ?>    <button type="submit" name="complete" value="1" id="save-complete"><?cs var:Lang.rec.save_complete ?></button>
<?cs /if ?>    <a href="<?cs if:Form.id ?>/negotiations/<?cs var:Form.id ?><?cs else ?>/customers/<?cs var:Form.customer_id ?><?cs /if ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
  <p class="hint"><?cs var:Lang.rec.complete_hint ?></p>
  <p class="hint"><?cs var:Lang.rec.draft_hint ?></p>
</form>
<?cs include:"layout/footer.cs" ?>
