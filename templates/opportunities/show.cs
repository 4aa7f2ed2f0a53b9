<?cs set:Page.title = Opp.title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="opp-title"><?cs var:Opp.title ?></h1>
<?cs if:Opp.can_edit ?>
  <a class="button" href="/opportunities/<?cs var:Opp.id ?>/edit" id="edit-opportunity"><?cs var:Lang.common.edit ?></a>
  <a class="button" href="/concessions/new?opportunity_id=<?cs var:Opp.id ?>" id="new-concession"><?cs var:Lang.conc.new ?></a>
<?cs /if ?>
<?cs if:Opp.can_close ?>  <a class="button" href="/opportunities/<?cs var:Opp.id ?>/close" id="close-opportunity"><?cs var:Lang.closing.close ?></a>
<?cs /if ?><?cs if:Opp.can_reopen ?>  <a class="button" href="/opportunities/<?cs var:Opp.id ?>/reopen" id="reopen-opportunity"><?cs var:Lang.closing.reopen ?></a>
<?cs /if ?>  <a class="button" href="/reviews/<?cs var:Opp.id ?>" id="review-opportunity"><?cs var:Lang.closing.review ?></a>

</div>
<dl class="card facts" id="opp-facts">
  <dt><?cs var:Lang.opp.customer ?></dt><dd><a href="/customers/<?cs var:Opp.customer_id ?>" id="opp-customer"><?cs var:Opp.customer_name ?></a></dd>
  <dt><?cs var:Lang.opp.stage ?></dt><dd id="opp-stage" data-stage="<?cs var:Opp.stage ?>"><?cs var:Opp.stage ?>. <?cs var:Opp.stage_label ?></dd>
  <dt><?cs var:Lang.opp.status ?></dt><dd id="opp-status" data-status="<?cs var:Opp.status ?>"><?cs var:Opp.status_label ?></dd>
<?cs if:Opp.status == "lost" ?>
  <dt><?cs var:Lang.opp.lost_reason ?></dt><dd id="opp-lost-reason"><?cs var:Opp.lost_reason ?></dd>
<?cs /if ?>
  <dt><?cs var:Lang.opp.currency ?></dt><dd id="opp-currency"><?cs var:Opp.currency ?></dd>
  <dt><?cs var:Lang.opp.list_price ?></dt><dd id="opp-list-price"><?cs var:Opp.list_price ?></dd>
  <dt><?cs var:Lang.opp.initial_quote ?></dt><dd id="opp-initial-quote"><?cs var:Opp.initial_quote ?></dd>
  <dt><?cs var:Lang.opp.current_offer ?></dt><dd id="opp-current-offer"><?cs var:Opp.current_offer ?></dd>
  <dt><?cs var:Lang.opp.final_price ?></dt><dd id="opp-final-price"><?cs var:Opp.final_price ?></dd>
  <dt><?cs var:Lang.opp.expected_close ?></dt><dd id="opp-expected-close"><?cs var:Opp.expected_close ?></dd>
  <dt><?cs var:Lang.opp.owner ?></dt><dd id="opp-owner"><?cs var:Opp.owner ?></dd>
  <dt><?cs var:Lang.opp.created ?></dt><dd><?cs var:Opp.created ?></dd>
  <dt><?cs var:Lang.opp.updated ?></dt><dd><?cs var:Opp.updated ?></dd>
</dl>
<?cs include:"opportunities/_closings.cs" ?>
<?cs if:Opp.restricted ?>
<section class="card" id="opp-restricted">
  <h2><?cs var:Lang.opp.restricted_title ?></h2>
  <p class="hint"><?cs var:Lang.opp.restricted_hint ?></p>
  <dl class="facts">
    <dt><?cs var:Lang.opp.cost ?></dt>
    <dd id="opp-cost" data-state="<?cs var:Opp.cost_state ?>"><?cs if:Opp.cost_state == "value" ?><?cs var:Opp.cost ?><?cs elif:Opp.cost_state == "broken" ?><?cs var:Lang.opp.unavailable ?><?cs else ?><?cs var:Lang.opp.not_set ?><?cs /if ?></dd>
    <dt><?cs var:Lang.opp.margin ?></dt>
    <dd id="opp-margin" data-state="<?cs var:Opp.margin_state ?>"><?cs if:Opp.margin_state == "value" ?><?cs var:Opp.margin ?><?cs elif:Opp.margin_state == "broken" ?><?cs var:Lang.opp.unavailable ?><?cs else ?><?cs var:Lang.opp.not_set ?><?cs /if ?></dd>
  </dl>
</section>
<?cs /if ?>
<section class="card">
  <h2><?cs var:Lang.opp.history ?></h2>
  <div class="table-wrap">
  <table class="list" id="stage-history">
    <thead><tr><th><?cs var:Lang.opp.history_when ?></th><th><?cs var:Lang.opp.history_change ?></th><th><?cs var:Lang.opp.status ?></th><th><?cs var:Lang.opp.history_who ?></th></tr></thead>
    <tbody>
<?cs each:h = Opp.history ?>
      <tr data-to-stage="<?cs var:h.to ?>" data-status="<?cs var:h.status ?>">
        <td><?cs var:h.when ?></td>
        <td><?cs if:h.from ?><?cs var:h.from ?>. <?cs var:h.from_label ?> → <?cs else ?><?cs var:Lang.opp.history_created ?>: <?cs /if ?><?cs var:h.to ?>. <?cs var:h.to_label ?></td>
        <td><?cs var:h.status_label ?></td>
        <td><?cs var:h.who ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
</section>
<?cs include:"plans/_opportunity.cs" ?>
<?cs include:"deal_team/_opportunity.cs" ?>
<?cs include:"requests/_subject.cs" ?>
<p><a class="button" href="/opportunities/<?cs var:Opp.id ?>/story" id="story-link"><?cs var:Lang.story.link ?></a></p>
<p><a href="/customers/<?cs var:Opp.customer_id ?>" id="back-to-customer"><?cs var:Lang.opp.back_to_customer ?></a>
 · <a href="/opportunities"><?cs var:Lang.opp.back_to_list ?></a></p>
<?cs include:"layout/footer.cs" ?>
