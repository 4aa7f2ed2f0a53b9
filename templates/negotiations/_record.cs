<?cs # The record's content, shared by the page and the print view. Rec.* only: everything here is readable by the viewer. ?>
<section id="rec-basic">
<table class="record-basic">
  <tr><th><?cs var:Lang.rec.customer ?></th><td><a href="/customers/<?cs var:Rec.customer_id ?>" id="rec-customer"><?cs var:Rec.customer_name ?></a></td>
      <th><?cs var:Lang.rec.opportunity ?></th><td id="rec-opportunity"><?cs if:Rec.opportunity_id ?><a href="/opportunities/<?cs var:Rec.opportunity_id ?>"><?cs var:Rec.opportunity_title ?></a><?cs else ?><?cs var:Lang.rec.empty ?><?cs /if ?></td></tr>
  <tr><th><?cs var:Lang.rec.held_on ?></th><td id="rec-held-on"><?cs var:Rec.held_on_label ?></td>
      <th><?cs var:Lang.rec.start_time ?> – <?cs var:Lang.rec.end_time ?></th><td id="rec-times"><?cs var:Rec.start_time ?> – <?cs var:Rec.end_time ?></td></tr>
  <tr><th><?cs var:Lang.rec.place ?></th><td id="rec-place"><?cs var:Rec.place ?></td>
      <th><?cs var:Lang.rec.plan ?></th><td id="rec-plan"><?cs if:Rec.plan_id ?><a href="/plans/<?cs var:Rec.plan_id ?>"><?cs var:Rec.plan_topic ?></a><?cs else ?><?cs var:Lang.rec.empty ?><?cs /if ?></td></tr>
  <tr><th><?cs var:Lang.rec.our_participants ?></th><td id="rec-ours"><?cs var:Rec.our_participants ?></td>
      <th><?cs var:Lang.rec.their_participants ?></th><td id="rec-theirs"><?cs var:Rec.their_participants ?></td></tr>
  <tr><th><?cs var:Lang.rec.type ?></th><td id="rec-type"><?cs var:Rec.type_label ?></td>
      <th><?cs var:Lang.rec.phase ?></th><td id="rec-phase"><?cs var:Rec.phase_label ?></td></tr>
  <tr><th><?cs var:Lang.rec.status ?></th><td id="rec-status" data-status="<?cs var:Rec.status ?>"><?cs var:Rec.status_label ?></td>
      <th><?cs var:Lang.rec.owner ?></th><td id="rec-owner"><?cs var:Rec.owner ?></td></tr>
  <tr><th><?cs var:Lang.rec.ended_at ?></th><td><?cs var:Rec.ended_at ?></td>
      <th><?cs var:Lang.rec.completed_at ?></th><td id="rec-completed"><?cs if:Rec.completed_at ?><?cs var:Rec.completed_at ?><?cs else ?><?cs var:Lang.rec.not_completed ?><?cs /if ?></td></tr>
</table>
<?cs if:Rec.late ?><p class="badge warn" id="rec-late"><?cs var:Lang.rec.late ?></p><?cs /if ?>
</section>
<?cs if:subcount(Rec.flags) ?>
<section id="rec-flags" class="flags"><h2><?cs var:Lang.rec.flags ?></h2>
<ul>
<?cs each:f = Rec.flags ?>  <li class="flag" data-kind="<?cs var:f.shown ?>" data-source="<?cs var:f.source ?>" data-position="<?cs var:f.no ?>"><?cs var:f.source_label ?> <?cs var:f.no ?>: <?cs var:f.label ?><?cs if:f.actual ?> (<?cs var:Lang.rec.flag_actual ?> <span class="flag-actual"><?cs var:f.actual ?></span>, <?cs var:Lang.rec.flag_limit ?> <span class="flag-limit"><?cs var:f.limit ?></span>)<?cs /if ?></li>
<?cs /each ?></ul>
</section>
<?cs /if ?>
<section id="rec-needs"><h2><?cs var:Lang.rec.needs ?></h2>
<?cs if:subcount(Rec.needs) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.no ?></th><th><?cs var:Lang.rec.need ?></th><th><?cs var:Lang.rec.urgency ?></th><th><?cs var:Lang.rec.topic ?></th></tr></thead><tbody>
<?cs each:x = Rec.needs ?><tr data-urgency="<?cs var:x.urgency ?>"><td><?cs var:x.no ?></td><td class="need-text"><?cs var:x.text ?></td><td><?cs var:x.urgency_label ?></td><td><?cs var:x.topic_label ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-objections"><h2><?cs var:Lang.rec.objections ?></h2>
<?cs if:subcount(Rec.objections) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.quote ?></th><th><?cs var:Lang.rec.otype ?></th><th><?cs var:Lang.rec.response ?></th><th><?cs var:Lang.rec.result ?></th><th><?cs var:Lang.rec.owner ?></th><th><?cs var:Lang.rec.follow_up ?></th></tr></thead><tbody>
<?cs each:x = Rec.objections ?><tr data-objection-id="<?cs var:x.id ?>" data-result="<?cs var:x.result ?>"><td class="quote">“<?cs var:x.quote ?>”</td><td><?cs var:x.type_label ?></td><td><?cs var:x.response ?></td><td class="result"><?cs var:x.result_label ?></td><td><?cs var:x.owner_name ?></td><td><?cs var:x.follow_up ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-proposals"><h2><?cs var:Lang.rec.proposals ?></h2>
<?cs if:subcount(Rec.proposals) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.proposal ?></th><th><?cs var:Lang.rec.for_need ?></th></tr></thead><tbody>
<?cs each:x = Rec.proposals ?><tr><td><?cs var:x.text ?></td><td><?cs var:x.need ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-terms"><h2><?cs var:Lang.rec.terms ?></h2>
<?cs if:subcount(Rec.terms) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.term ?></th><th><?cs var:Lang.rec.ours ?></th><th><?cs var:Lang.rec.theirs ?></th><th><?cs var:Lang.rec.agreed ?></th><th><?cs var:Lang.rec.price ?></th><th><?cs var:Lang.rec.discount ?></th><th><?cs var:Lang.rec.payment_days ?></th></tr></thead><tbody>
<?cs each:x = Rec.terms ?><tr><td><?cs var:x.term_label ?></td><td><?cs var:x.ours ?></td><td><?cs var:x.theirs ?></td><td><?cs if:x.agreed ?><?cs var:Lang.rec.agreed ?><?cs else ?><?cs var:Lang.rec.not_agreed ?><?cs /if ?></td><td class="num"><?cs var:x.price ?></td><td class="num"><?cs var:x.discount ?></td><td class="num"><?cs var:x.payment_days ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-concessions"><h2><?cs var:Lang.rec.concessions ?></h2>
<?cs if:subcount(Rec.concessions) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.term ?></th><th><?cs var:Lang.rec.from ?></th><th><?cs var:Lang.rec.to ?></th><th><?cs var:Lang.rec.value ?></th><th><?cs var:Lang.rec.discount ?></th><th><?cs var:Lang.rec.payment_days ?></th><th><?cs var:Lang.rec.counter ?></th><th><?cs var:Lang.conc.request_col ?></th></tr></thead><tbody>
<?cs each:x = Rec.concessions ?><tr><td><?cs var:x.term_label ?></td><td><?cs var:x.from ?></td><td><?cs var:x.to ?></td><td class="num"><?cs var:x.value ?></td><td class="num"><?cs var:x.discount ?></td><td class="num"><?cs var:x.payment_days ?></td><td><?cs var:x.counter ?></td><td><?cs if:x.request ?><a href="/concessions/<?cs var:x.request ?>" class="request-ref" data-request-id="<?cs var:x.request ?>">#<?cs var:x.request ?></a><?cs /if ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-agreements"><h2><?cs var:Lang.rec.agreements ?></h2>
<?cs if:subcount(Rec.agreements) ?><ul><?cs each:x = Rec.agreements ?><li><?cs var:x.text ?></li><?cs /each ?></ul><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-disagreements"><h2><?cs var:Lang.rec.disagreements ?></h2>
<?cs if:subcount(Rec.disagreements) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.disagreement ?></th><th><?cs var:Lang.rec.reason ?></th></tr></thead><tbody>
<?cs each:x = Rec.disagreements ?><tr><td><?cs var:x.text ?></td><td><?cs var:x.reason ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-actions"><h2><?cs var:Lang.rec.actions ?></h2>
<?cs if:subcount(Rec.actions) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.what ?></th><th><?cs var:Lang.rec.action_owner ?></th><th><?cs var:Lang.rec.due ?></th><th><?cs var:Lang.rec.deliverable ?></th></tr></thead><tbody>
<?cs each:x = Rec.actions ?><tr><td><?cs var:x.what ?></td><td><?cs var:x.owner_name ?></td><td><?cs var:x.due ?></td><td><?cs var:x.deliverable ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-attitudes"><h2><?cs var:Lang.rec.attitudes ?></h2>
<?cs if:subcount(Rec.attitudes) ?><table class="list"><thead><tr><th><?cs var:Lang.rec.person ?></th><th><?cs var:Lang.rec.observation ?></th></tr></thead><tbody>
<?cs each:x = Rec.attitudes ?><tr><td><?cs var:x.person ?></td><td><?cs var:x.observation ?></td></tr>
<?cs /each ?></tbody></table><?cs else ?><p class="muted"><?cs var:Lang.rec.empty ?></p><?cs /if ?>
</section>
<section id="rec-review"><h2><?cs var:Lang.rec.review ?></h2>
<dl>
  <dt><?cs var:Lang.rec.review_strengths ?></dt><dd id="rec-review-strengths"><?cs var:Rec.review_strengths ?></dd>
  <dt><?cs var:Lang.rec.review_improve ?></dt><dd><?cs var:Rec.review_improve ?></dd>
  <dt><?cs var:Lang.rec.review_relationship ?></dt><dd><?cs var:Rec.review_relationship ?></dd>
  <dt><?cs var:Lang.rec.review_strategy ?></dt><dd><?cs var:Rec.review_strategy ?></dd>
  <dt><?cs var:Lang.rec.review_moments ?></dt><dd><?cs var:Rec.review_moments ?></dd>
</dl>
</section>
