<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Customer.name ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="customer-name"><?cs var:Customer.name ?></h1>
  <div class="actions">
    <?cs if:Customer.can_edit ?><a class="button" href="/customers/<?cs var:Customer.id ?>/edit" id="edit-customer"><?cs var:Lang.common.edit ?></a><?cs /if ?>
    <?cs if:Customer.can_edit ?><a class="button" href="/opportunities/new?customer_id=<?cs var:Customer.id ?>" id="new-opportunity"><?cs var:Lang.customer.new_opportunity ?></a>
    <a class="button" href="/negotiations/new?customer_id=<?cs var:Customer.id ?>" id="new-negotiation"><?cs var:Lang.customer.new_negotiation ?></a><?cs /if ?>
  </div>
</div>
<div class="grid2">
<dl class="card facts" id="customer-facts">
  <dt><?cs var:Lang.customer.industry ?></dt><dd><?cs var:Customer.industry ?></dd>
  <dt><?cs var:Lang.customer.employees ?></dt><dd><?cs var:Customer.employees ?></dd>
  <dt><?cs var:Lang.customer.annual_revenue ?></dt><dd><?cs var:Customer.revenue ?></dd>
  <dt><?cs var:Lang.customer.source ?></dt><dd><?cs var:Customer.source ?></dd>
  <dt><?cs var:Lang.customer.segment ?></dt><dd><?cs var:Customer.segment ?></dd>
  <dt><?cs var:Lang.customer.intent ?></dt><dd><span class="badge intent-<?cs var:Customer.intent_code ?>"><?cs var:Customer.intent ?></span></dd>
  <dt><?cs var:Lang.customer.stage ?></dt><dd><?cs var:Customer.stage ?></dd>
  <dt><?cs var:Lang.customer.owner ?></dt><dd id="customer-owner"><?cs var:Customer.owner ?> (<?cs var:Customer.team ?>)<?cs if:Customer.shared ?> · <?cs var:Lang.customer.shared ?><?cs /if ?></dd>
  <dt><?cs var:Lang.customer.next_follow_up ?></dt><dd id="next-follow-up"<?cs if:Customer.overdue ?> class="overdue"<?cs /if ?>><?cs var:Customer.next_follow_up ?><?cs if:Customer.overdue ?> <span class="badge warn"><?cs var:Lang.customer.overdue ?></span><?cs /if ?></dd>
</dl>
<section class="card confidential">
  <h2><?cs var:Lang.customer.confidential_title ?></h2>
<?cs if:Customer.budget.readable ?>
  <p><strong><?cs var:Lang.customer.budget_ceiling ?></strong>
  <?cs if:Customer.budget.broken ?><span class="unavailable" id="budget-ceiling"><?cs var:Lang.customer.unavailable ?></span><?cs elif:Customer.budget ?><span id="budget-ceiling"><?cs var:Customer.budget ?></span><?cs else ?><span class="muted" id="budget-ceiling"><?cs var:Lang.customer.not_recorded ?></span><?cs /if ?></p>
<?cs else ?>
  <p><strong><?cs var:Lang.customer.budget_recorded ?></strong> <span id="budget-recorded"><?cs if:Customer.budget_recorded == "1" ?><?cs var:Lang.common.yes ?><?cs else ?><?cs var:Lang.common.no ?><?cs /if ?></span></p>
<?cs /if ?>
<?cs if:Customer.decision_notes.readable ?>
  <p><strong><?cs var:Lang.customer.decision_notes ?></strong></p>
  <?cs if:Customer.decision_notes.broken ?><p class="unavailable" id="decision-notes"><?cs var:Lang.customer.unavailable ?></p><?cs else ?><p class="pre" id="decision-notes"><?cs var:Customer.decision_notes ?></p><?cs /if ?>
<?cs /if ?>
</section>
</div>
<section class="card">
  <h2><?cs var:Lang.customer.needs_title ?></h2>
  <h3><?cs var:Lang.customer.need_summary ?></h3><p class="pre"><?cs var:Customer.need_summary ?></p>
  <h3><?cs var:Lang.customer.suppliers ?></h3><p class="pre"><?cs var:Customer.suppliers ?></p>
  <h3><?cs var:Lang.customer.decision_process ?></h3><p class="pre"><?cs var:Customer.decision_process ?></p>
  <h3><?cs var:Lang.customer.notes ?></h3><p class="pre"><?cs var:Customer.notes ?></p>
</section>

<section class="card" id="contacts">
  <h2><?cs var:Lang.contact.title ?></h2>
<?cs set:ExportList = "contacts" ?><?cs set:ExportFilter.customer = Customer.id ?><?cs include:"exports/_control.cs" ?>
<?cs each:k = Contacts ?>
  <div class="contact" data-contact-id="<?cs var:k.id ?>">
    <h3><?cs var:k.name ?> <span class="muted"><?cs var:k.title ?></span></h3>
    <p><?cs var:k.role ?><?cs if:k.phone ?> · <?cs var:k.phone ?><?cs /if ?><?cs if:k.email ?> · <?cs var:k.email ?><?cs /if ?></p>
    <p><span class="badge"><?cs var:Lang.contact.personality ?>: <?cs var:k.personality ?></span></p>
<?cs if:k.strategy ?>
    <div class="hint-box personality-hint personality-<?cs var:k.personality_code ?>">
      <p><strong><?cs var:Lang.contact.traits ?></strong> <?cs var:k.traits ?></p>
      <p><strong><?cs var:Lang.contact.strategy ?></strong> <?cs var:k.strategy ?></p>
    </div>
<?cs /if ?>
    <?cs if:k.notes ?><p class="pre muted"><?cs var:k.notes ?></p><?cs /if ?>
<?cs if:Customer.can_edit ?>
    <p><a href="/customers/<?cs var:Customer.id ?>/contacts/<?cs var:k.id ?>/edit"><?cs var:Lang.common.edit ?></a></p>
<?cs /if ?>
  </div>
<?cs /each ?>
<?cs if:!subcount(Contacts) ?><p class="empty"><?cs var:Lang.contact.none ?></p><?cs /if ?>
<?cs if:Customer.can_edit ?>
  <details<?cs if:Form.contact_error ?> open<?cs /if ?>>
    <summary><?cs var:Lang.contact.add ?></summary>
    <?cs set:Form.customer_id = Customer.id ?><?cs include:"customers/_contact_fields.cs" ?>
  </details>
<?cs /if ?>
</section>

<section class="card" id="follow-ups">
  <h2><?cs var:Lang.followup.title ?></h2>
<?cs set:ExportList = "followups" ?><?cs set:ExportFilter.customer = Customer.id ?><?cs include:"exports/_control.cs" ?>
<?cs if:Customer.can_edit ?>
  <form method="post" action="/customers/<?cs var:Customer.id ?>/follow-ups" class="form inline-form" id="followup-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:text_field("happened_on", Lang.followup.happened_on, "date", 1) ?>
    <?cs call:select_field("channel", Lang.followup.channel, "channel", Options.channel) ?>
    <?cs call:textarea_field("summary", Lang.followup.summary, 2) ?>
    <?cs call:text_field("next_date", Lang.followup.next_date, "date", 0) ?>
    <p class="hint"><?cs var:Lang.followup.next_hint ?></p>
    <button type="submit" class="primary"><?cs var:Lang.followup.save ?></button>
  </form>
<?cs /if ?>
  <table class="list" id="followup-log">
    <thead><tr><th><?cs var:Lang.followup.happened_on ?></th><th><?cs var:Lang.followup.channel ?></th><th><?cs var:Lang.followup.summary ?></th><th><?cs var:Lang.followup.next_date ?></th><th><?cs var:Lang.followup.by ?></th></tr></thead>
    <tbody>
<?cs each:f = FollowUps ?>      <tr><td><?cs var:f.on ?></td><td><?cs var:f.channel ?></td><td class="pre"><?cs var:f.summary ?></td><td><?cs var:f.next ?></td><td><?cs var:f.by ?></td></tr>
<?cs /each ?>    </tbody>
  </table>
</section>

<section class="card" id="opportunities">
  <h2><?cs var:Lang.customer.opportunities ?></h2>
  <?cs include:"opportunities/_customer_list.cs" ?>
</section>
<?cs include:"history/_customer.cs" ?>
<?cs include:"requests/_subject.cs" ?>

<?cs if:Customer.can_reassign ?>
<section class="card" id="reassign">
  <h2><?cs var:Lang.customer.reassign ?></h2>
  <form method="post" action="/customers/<?cs var:Customer.id ?>/reassign" class="form" id="reassign-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:choice_field("owner_id", Lang.customer.new_owner, Choices.owners, "") ?>
    <button type="submit"><?cs var:Lang.customer.reassign ?></button>
  </form>
</section>
<?cs /if ?>
<p><a href="/customers"><?cs var:Lang.customer.back ?></a></p>
<?cs include:"layout/footer.cs" ?>
