<?cs set:Page.title = Plan.topic ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="plan-topic"><?cs var:Plan.topic ?></h1>
<?cs if:Plan.can_edit ?>
  <a class="button" href="/plans/<?cs var:Plan.id ?>/edit" id="edit-plan"><?cs var:Lang.common.edit ?></a>
  <a class="button primary" href="/negotiations/new?customer_id=<?cs var:Plan.customer_id ?>&amp;opportunity_id=<?cs var:Plan.opportunity_id ?>&amp;plan_id=<?cs var:Plan.id ?>" id="record-negotiation"><?cs var:Lang.plan.record_negotiation ?></a>
<?cs /if ?>
</div>
<dl class="card facts" id="plan-facts">
  <dt><?cs var:Lang.plan.opportunity ?></dt><dd><a href="/opportunities/<?cs var:Plan.opportunity_id ?>" id="plan-opportunity"><?cs var:Plan.opportunity_title ?></a></dd>
  <dt><?cs var:Lang.plan.customer ?></dt><dd><a href="/customers/<?cs var:Plan.customer_id ?>" id="plan-customer"><?cs var:Plan.customer_name ?></a></dd>
  <dt><?cs var:Lang.plan.strategy_type ?></dt><dd id="plan-strategy" data-strategy="<?cs var:Plan.strategy ?>"><?cs var:Plan.strategy_label ?></dd>
  <dt><?cs var:Lang.plan.when ?></dt><dd id="plan-when"><?cs var:Plan.meeting_on ?> <?cs var:Plan.start_time ?></dd>
  <dt><?cs var:Lang.plan.place ?></dt><dd id="plan-place"><?cs var:Plan.place ?></dd>
  <dt><?cs var:Lang.plan.creator ?></dt><dd><?cs var:Plan.creator ?></dd>
  <dt><?cs var:Lang.plan.updated ?></dt><dd><?cs var:Plan.updated ?></dd>
</dl>
<section class="card" id="plan-goals">
  <h2><?cs var:Lang.plan.goals ?></h2>
  <h3><?cs var:Lang.plan.must_goals ?></h3><p class="pre" id="plan-must-goals"><?cs var:Plan.must_goals ?></p>
  <h3><?cs var:Lang.plan.concedable_goals ?></h3><p class="pre" id="plan-concedable-goals"><?cs var:Plan.concedable_goals ?></p>
  <h3><?cs var:Lang.plan.agenda ?></h3><p class="pre" id="plan-agenda"><?cs var:Plan.agenda ?></p>
</section>
<section class="card" id="plan-participants">
  <h2><?cs var:Lang.plan.participants ?></h2>
  <h3><?cs var:Lang.plan.ours ?></h3>
  <ul id="plan-ours">
<?cs each:p = Plan.ours ?>    <li><?cs var:p.name ?><?cs if:p.role ?> — <?cs var:p.role ?><?cs /if ?></li>
<?cs /each ?>  </ul>
  <h3><?cs var:Lang.plan.theirs ?></h3>
  <ul id="plan-theirs">
<?cs each:p = Plan.theirs ?>    <li data-contact-id="<?cs var:p.contact_id ?>"><?cs var:p.name ?><?cs if:p.title ?> (<?cs var:p.title ?>)<?cs /if ?><?cs if:p.role ?> — <?cs var:p.role ?><?cs /if ?></li>
<?cs /each ?>  </ul>
</section>
<section class="card" id="plan-offers">
  <h2><?cs var:Lang.plan.offers ?></h2>
<?cs each:o = Plan.offers ?>
  <div class="offer" data-offer="<?cs name:o ?>">
    <h3><?cs var:o.label ?><?cs if:o.price ?> · <span class="num"><?cs var:o.price ?></span><?cs /if ?></h3>
    <p class="pre"><?cs var:o.description ?></p>
    <p><strong><?cs var:Lang.plan.offer_pros ?></strong></p><p class="pre"><?cs var:o.pros ?></p>
    <p><strong><?cs var:Lang.plan.offer_cons ?></strong></p><p class="pre"><?cs var:o.cons ?></p>
  </div>
<?cs /each ?>
<?cs if:!subcount(Plan.offers) ?><p class="empty"><?cs var:Lang.plan.no_offers ?></p><?cs /if ?>
</section>
<section class="card" id="plan-tactics">
  <h2><?cs var:Lang.plan.tactics ?></h2>
  <h3><?cs var:Lang.plan.counter_proposals ?></h3><p class="pre" id="plan-counter"><?cs var:Plan.counter_proposals ?></p>
  <h3><?cs var:Lang.plan.ladder ?></h3>
  <p id="plan-ladder-step" data-bp="<?cs var:Plan.ladder_step_bp ?>"><?cs var:Lang.plan.ladder_step ?>: <?cs var:Plan.ladder_step ?></p>
  <p class="pre" id="plan-ladder-asks"><?cs var:Plan.ladder_asks ?></p>
</section>
<?cs if:Plan.conf ?>
<section class="card" id="plan-bottom-lines" data-state="<?cs var:Plan.conf_state ?>">
  <h2><?cs var:Lang.plan.conf_title ?></h2>
  <p class="hint"><?cs var:Lang.plan.conf_hint ?></p>
<?cs if:Plan.conf_state == "value" ?>
  <dl class="facts">
    <dt><?cs var:Lang.plan.batna ?></dt><dd class="pre" id="plan-batna"><?cs var:Plan.batna ?></dd>
    <dt><?cs var:Lang.plan.min_price ?></dt><dd id="plan-min-price"><?cs alt:Plan.min_price ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
    <dt><?cs var:Lang.plan.max_discount ?></dt><dd id="plan-max-discount"><?cs alt:Plan.max_discount ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
    <dt><?cs var:Lang.plan.max_payment_days ?></dt><dd id="plan-max-payment-days"><?cs alt:Plan.max_payment_days ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
    <dt><?cs var:Lang.plan.walkaway_payment_days ?></dt><dd id="plan-walkaway-payment-days"><?cs alt:Plan.walkaway_payment_days ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
  </dl>
<?cs elif:Plan.conf_state == "broken" ?>
  <p class="field-error"><?cs var:Lang.plan.unavailable ?></p>
<?cs else ?>
  <p class="muted"><?cs var:Lang.plan.not_set ?></p>
<?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Plan.restr ?>
<section class="card" id="plan-margins" data-state="<?cs var:Plan.restr_state ?>">
  <h2><?cs var:Lang.plan.restr_title ?></h2>
  <p class="hint"><?cs var:Lang.plan.restr_hint ?></p>
<?cs if:Plan.restr_state == "value" ?>
  <dl class="facts">
    <dt><?cs var:Lang.plan.min_margin ?></dt><dd id="plan-min-margin"><?cs alt:Plan.min_margin ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
    <dt><?cs var:Lang.plan.walkaway_margin ?></dt><dd id="plan-walkaway-margin"><?cs alt:Plan.walkaway_margin ?><?cs var:Lang.plan.not_set ?><?cs /alt ?></dd>
  </dl>
<?cs elif:Plan.restr_state == "broken" ?>
  <p class="field-error"><?cs var:Lang.plan.unavailable ?></p>
<?cs else ?>
  <p class="muted"><?cs var:Lang.plan.not_set ?></p>
<?cs /if ?>
</section>
<?cs /if ?>
<section class="card" id="plan-contacts">
  <h2><?cs var:Lang.plan.contacts_title ?></h2>
<?cs each:k = Contacts ?>
  <div class="contact" data-contact-id="<?cs var:k.id ?>">
    <h3><?cs var:k.name ?> <span class="muted"><?cs var:k.title ?></span></h3>
    <p><?cs var:k.role ?> · <span class="badge" data-personality="<?cs var:k.personality_code ?>"><?cs var:Lang.contact.personality ?>: <?cs var:k.personality ?></span></p>
<?cs if:k.strategy ?>
    <div class="hint-box personality-hint personality-<?cs var:k.personality_code ?>">
      <p><strong><?cs var:Lang.contact.traits ?></strong> <?cs var:k.traits ?></p>
      <p><strong><?cs var:Lang.contact.strategy ?></strong> <?cs var:k.strategy ?></p>
    </div>
<?cs /if ?>
  </div>
<?cs /each ?>
<?cs if:!subcount(Contacts) ?><p class="empty"><?cs var:Lang.contact.none ?></p><?cs /if ?>
</section>
<p><a href="/opportunities/<?cs var:Plan.opportunity_id ?>" id="back-to-opportunity"><?cs var:Lang.plan.back_to_opportunity ?></a>
 · <a href="/plans"><?cs var:Lang.plan.back_to_list ?></a></p>
<?cs include:"layout/footer.cs" ?>
