<?cs include:"layout/macros.cs" ?><?cs set:Page.title = Lang.min.one ?><?cs include:"layout/header.cs" ?>
<h1><?cs if:Form.id ?><?cs var:Lang.min.edit ?><?cs else ?><?cs var:Lang.min.new ?><?cs /if ?></h1>
<?cs if:Form.error ?><p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p><?cs /if ?>
<form method="post" action="/minutes<?cs if:Form.id ?>/<?cs var:Form.id ?><?cs /if ?>" class="form" id="minutes-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <div class="card">
    <?cs call:text_field("held_on", Lang.min.held_on, "date", 1) ?>
    <?cs call:text_field("attendees", Lang.min.attendees, "text", 1) ?>
  </div>
  <section class="card">
    <h2><?cs var:Lang.min.topics ?></h2><?cs call:field_error("topics") ?>
    <div class="table-wrap"><table class="rows" id="rows-topics">
      <thead><tr><th><?cs var:Lang.min.customer ?></th><th><?cs var:Lang.min.opportunity ?></th><th><?cs var:Lang.min.topic ?></th><th><?cs var:Lang.min.decision ?></th><th><?cs var:Lang.min.still_open ?></th><th></th></tr></thead>
      <tbody>
<?cs each:row = Form.rows.topics ?>        <tr><?cs call:row_select("topics", row, "customer", Lang.min.customer, Choices.customers) ?><?cs call:row_select("topics", row, "opportunity", Lang.min.opportunity, Choices.opps) ?><?cs call:row_area("topics", row, "topic", Lang.min.topic) ?><?cs call:row_area("topics", row, "decision", Lang.min.decision) ?><?cs call:row_check("topics", row, "open", Lang.min.still_open) ?><?cs call:row_remove("topics", row) ?></tr>
<?cs /each ?>      </tbody>
    </table></div>
    <?cs call:row_add("topics") ?>
  </section>
  <section class="card">
    <h2><?cs var:Lang.min.actions ?></h2><?cs call:field_error("actions") ?>
    <div class="table-wrap"><table class="rows" id="rows-actions">
      <thead><tr><th><?cs var:Lang.min.customer ?></th><th><?cs var:Lang.act.what ?></th><th><?cs var:Lang.act.owner ?></th><th><?cs var:Lang.act.due ?></th><th><?cs var:Lang.act.deliverable ?></th><th></th></tr></thead>
      <tbody>
<?cs each:row = Form.rows.actions ?>        <tr><?cs call:row_select("actions", row, "customer", Lang.min.customer, Choices.customers) ?><?cs call:row_input("actions", row, "what", Lang.act.what, "text", "") ?><?cs call:row_select("actions", row, "owner", Lang.act.owner, Choices.users) ?><?cs call:row_input("actions", row, "due", Lang.act.due, "date", "") ?><?cs call:row_input("actions", row, "deliverable", Lang.act.deliverable, "text", "") ?><?cs call:row_remove("actions", row) ?></tr>
<?cs /each ?>      </tbody>
    </table></div>
    <?cs call:row_add("actions") ?>
  </section>
  <button type="submit" class="primary" id="save-minutes"><?cs var:Lang.min.save ?></button>
</form>
<?cs include:"layout/footer.cs" ?>
