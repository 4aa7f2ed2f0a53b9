<?cs set:Page.title = Lang.conc.title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="conc-title"><?cs var:Lang.conc.title ?> #<?cs var:Conc.id ?></h1>
<?cs if:Conc.can_change ?>
  <a class="button" href="/concessions/<?cs var:Conc.id ?>/edit" id="change-request"><?cs var:Lang.conc.change ?></a>
  <form method="post" action="/concessions/<?cs var:Conc.id ?>/withdraw" class="inline" id="withdraw-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <button type="submit" id="withdraw"><?cs var:Lang.conc.withdraw ?></button>
  </form>
<?cs /if ?>
</div>
<dl class="card facts" id="conc-facts">
  <dt><?cs var:Lang.conc.state_label ?></dt><dd id="conc-state" data-state="<?cs var:Conc.state ?>"><?cs var:Conc.state_label ?><?cs if:Conc.reviewed_at ?> <span class="badge" id="conc-reviewed"><?cs var:Lang.conc.reviewed ?> · <?cs var:Lang.conc.reviewed_by ?> <?cs var:Conc.reviewed_by ?> · <?cs var:Conc.reviewed_at ?></span><?cs elif:Conc.review_after ?> <span class="badge warn" id="conc-review-after"><?cs var:Lang.conc.review_after ?></span><?cs /if ?></dd>
  <dt><?cs var:Lang.conc.customer ?></dt><dd><a href="/customers/<?cs var:Conc.customer_id ?>" id="conc-customer"><?cs var:Conc.customer_name ?></a></dd>
  <dt><?cs var:Lang.conc.opportunity ?></dt><dd><a href="/opportunities/<?cs var:Conc.opportunity_id ?>" id="conc-opportunity"><?cs var:Conc.opportunity_title ?></a></dd>
  <dt><?cs var:Lang.conc.requester ?></dt><dd id="conc-requester"><?cs var:Conc.requester ?></dd>
  <dt><?cs var:Lang.conc.term_label ?></dt><dd id="conc-term" data-term="<?cs var:Conc.term ?>"><?cs var:Conc.term_label ?></dd>
  <dt><?cs var:Lang.conc.current_value ?></dt><dd id="conc-current"><?cs var:Conc.current_value ?></dd>
  <dt><?cs var:Lang.conc.requested_value ?></dt><dd id="conc-requested"><?cs var:Conc.requested_value ?></dd>
<?cs if:Conc.payment_days ?>  <dt><?cs var:Lang.conc.payment_days ?></dt><dd id="conc-payment-days"><?cs var:Conc.payment_days ?></dd>
<?cs /if ?>  <dt><?cs var:Lang.conc.list_price ?></dt><dd id="conc-list-price"><?cs if:Conc.list_price ?><?cs var:Conc.list_price ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
  <dt><?cs var:Lang.conc.amount ?></dt><dd id="conc-amount"><?cs var:Conc.amount ?></dd>
  <dt><?cs var:Lang.conc.discount ?></dt><dd id="conc-discount"><?cs var:Conc.discount ?></dd>
  <dt><?cs var:Lang.conc.cumulative ?></dt><dd id="conc-cumulative"><?cs var:Conc.cumulative_discount ?> (<?cs var:Conc.cumulative_amount ?>)</dd>
<?cs if:!Conc.chain_hidden ?>  <dt><?cs var:Lang.conc.levels ?></dt><dd id="conc-levels" data-levels="<?cs var:Conc.levels ?>"><?cs var:Conc.levels ?></dd>
<?cs /if ?><?cs if:Conc.plan_breach ?>  <dt><?cs var:Lang.conc.plan_breach ?></dt><dd id="conc-plan-breach"><span class="badge warn"><?cs var:Lang.conc.plan_breach_yes ?></span></dd>
<?cs /if ?>  <dt><?cs var:Lang.conc.urgency_label ?></dt><dd id="conc-urgency" data-urgency="<?cs var:Conc.urgency ?>"><?cs var:Conc.urgency_label ?></dd>
  <dt><?cs var:Lang.conc.version ?></dt><dd id="conc-version"><?cs var:Conc.version ?></dd>
  <dt><?cs var:Lang.conc.created ?></dt><dd><?cs var:Conc.created ?></dd>
  <dt><?cs var:Lang.conc.updated ?></dt><dd><?cs var:Conc.updated ?></dd>
</dl>
<section class="card">
  <h2><?cs var:Lang.conc.justification ?></h2>
  <p class="prewrap" id="conc-justification"><?cs var:Conc.justification ?></p>
  <h2><?cs var:Lang.conc.counter_concession ?></h2>
  <p class="prewrap" id="conc-counter"><?cs if:Conc.counter_concession ?><?cs var:Conc.counter_concession ?><?cs else ?><?cs var:Lang.conc.none ?><?cs /if ?></p>
</section>
<section class="card">
  <h2><?cs var:Lang.conc.chain ?></h2>
<?cs if:Conc.chain_hidden ?>
  <p class="muted" id="conc-chain-hidden"><?cs var:Lang.conc.chain_hidden ?></p>
<?cs elif:subcount(Conc.steps) ?>
  <div class="table-wrap">
  <table class="list" id="conc-chain">
    <thead><tr><th><?cs var:Lang.conc.level ?></th><th><?cs var:Lang.conc.approver ?></th><th><?cs var:Lang.conc.step_state_label ?></th>
      <th><?cs var:Lang.conc.decided_by ?></th><th><?cs var:Lang.conc.comment ?></th><th><?cs var:Lang.conc.age ?></th></tr></thead>
    <tbody>
<?cs each:s = Conc.steps ?>
      <tr data-step-id="<?cs var:s.id ?>" data-level="<?cs var:s.level ?>" data-state="<?cs var:s.state ?>"<?cs if:s.overdue ?> data-overdue="1"<?cs /if ?>>
        <td><?cs var:s.level ?> · <?cs var:s.role ?></td>
        <td><?cs var:s.approver ?></td>
        <td><?cs var:s.state_label ?></td>
        <td><?cs if:s.decided_by ?><?cs var:s.decided_by ?><?cs if:s.on_behalf_of ?> <?cs var:Lang.conc.on_behalf_of ?> <?cs var:s.on_behalf_of ?><?cs /if ?> · <?cs var:s.decided_at ?><?cs /if ?></td>
        <td class="prewrap"><?cs var:s.comment ?></td>
        <td><?cs if:?s.age_hours ?><?cs var:s.age_hours ?> <?cs var:Lang.conc.hours ?><?cs if:s.overdue ?> <span class="badge warn"><?cs var:Lang.conc.overdue ?></span><?cs /if ?><?cs if:s.escalated ?> <span class="badge"><?cs var:Lang.conc.escalated ?></span><?cs /if ?><?cs /if ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
<?cs else ?>
  <p class="muted" id="conc-no-chain"><?cs var:Lang.conc.no_chain ?></p>
<?cs /if ?>
</section>
<?cs include:"approvals/_decide.cs" ?>
<?cs if:Conc.can_review ?>
<form method="post" action="/concessions/<?cs var:Conc.id ?>/review" class="card" id="review-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <p class="hint"><?cs var:Lang.conc.review_hint ?></p>
  <div class="actions"><button type="submit" class="primary" id="review"><?cs var:Lang.conc.review ?></button></div>
</form>
<?cs /if ?>
<?cs if:Conc.plan.id ?>
<section class="card" id="conc-plan">
  <h2><?cs var:Lang.conc.plan ?>: <a href="/plans/<?cs var:Conc.plan.id ?>"><?cs var:Conc.plan.topic ?></a></h2>
<?cs if:Conc.plan.confidential ?>
  <p class="hint"><?cs var:Lang.conc.confidential_hint ?></p>
<?cs if:Conc.plan.broken ?>  <p class="field-error"><?cs var:Lang.conc.unavailable ?></p>
<?cs /if ?>  <dl class="facts">
    <dt><?cs var:Lang.conc.plan_min_price ?></dt><dd id="plan-min-price"><?cs if:Conc.plan.min_price ?><?cs var:Conc.plan.min_price ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.conc.plan_max_discount ?></dt><dd id="plan-max-discount"><?cs if:Conc.plan.max_discount ?><?cs var:Conc.plan.max_discount ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.conc.plan_max_days ?></dt><dd id="plan-max-days"><?cs if:Conc.plan.max_payment_days ?><?cs var:Conc.plan.max_payment_days ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.conc.plan_walkaway_days ?></dt><dd id="plan-walkaway-days"><?cs if:Conc.plan.walkaway_payment_days ?><?cs var:Conc.plan.walkaway_payment_days ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.conc.plan_ladder ?></dt><dd id="plan-ladder"><?cs var:Conc.plan.ladder_step ?></dd>
    <dt><?cs var:Lang.conc.plan_ladder_asks ?></dt><dd class="prewrap" id="plan-ladder-asks"><?cs var:Conc.plan.ladder_asks ?></dd>
  </dl>
<?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Conc.margin.shown ?>
<section class="card" id="conc-margin">
  <h2><?cs var:Lang.conc.margin_title ?></h2>
  <p class="hint"><?cs var:Lang.conc.restricted_hint ?></p>
  <dl class="facts">
    <dt><?cs var:Lang.conc.cost ?></dt><dd id="margin-cost"><?cs if:Conc.margin.cost ?><?cs var:Conc.margin.cost ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.conc.margin ?></dt><dd id="margin-margin"><?cs if:Conc.margin.margin ?><?cs var:Conc.margin.margin ?><?cs else ?><?cs var:Lang.conc.not_set ?><?cs /if ?></dd>
<?cs if:Conc.margin.after ?>    <dt><?cs var:Lang.conc.price_after ?></dt><dd id="margin-price-after"><?cs var:Conc.margin.price_after ?></dd>
    <dt><?cs var:Lang.conc.margin_after ?></dt><dd id="margin-after"><?cs if:Conc.margin.negative ?>−<?cs /if ?><?cs var:Conc.margin.after ?></dd>
<?cs /if ?>  </dl>
</section>
<?cs /if ?>
<?cs if:Conc.record.id ?>
<section class="card" id="conc-record">
  <h2><?cs var:Lang.conc.record ?>: <a href="/negotiations/<?cs var:Conc.record.id ?>">#<?cs var:Conc.record.id ?></a></h2>
  <h3><?cs var:Lang.conc.objections ?></h3>
<?cs if:subcount(Conc.record.objections) ?>
  <ul id="record-objections">
<?cs each:o = Conc.record.objections ?>    <li>“<?cs var:o.quote ?>” (<?cs var:o.type ?>, <?cs var:o.result ?>)<?cs if:o.response ?> — <?cs var:o.response ?><?cs /if ?></li>
<?cs /each ?>  </ul>
<?cs else ?>  <p class="muted"><?cs var:Lang.conc.none ?></p>
<?cs /if ?>
  <h3><?cs var:Lang.conc.record_concessions ?></h3>
<?cs if:subcount(Conc.record.concessions) ?>
  <ul id="record-concessions">
<?cs each:x = Conc.record.concessions ?>    <li><?cs var:x.term ?>: <?cs var:x.from ?> → <?cs var:x.to ?><?cs if:x.counter ?> · <?cs var:Lang.conc.in_return ?> <?cs var:x.counter ?><?cs /if ?></li>
<?cs /each ?>  </ul>
<?cs else ?>  <p class="muted"><?cs var:Lang.conc.none ?></p>
<?cs /if ?>
</section>
<?cs /if ?>
<p><a href="/concessions" id="back-to-list"><?cs var:Lang.conc.back_to_list ?></a>
 · <a href="/opportunities/<?cs var:Conc.opportunity_id ?>"><?cs var:Lang.conc.back_to_opportunity ?></a></p>
<?cs include:"layout/footer.cs" ?>
