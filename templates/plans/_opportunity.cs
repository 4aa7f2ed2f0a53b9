<section class="card" id="opp-plans">
  <h2><?cs var:Lang.plan.opp_section ?></h2>
  <h3><?cs var:Lang.needs.title_list ?></h3>
  <ul id="opp-needs-list">
<?cs each:n = OppNeeds ?>    <li data-needs-id="<?cs var:n.id ?>"><a href="/needs/<?cs var:n.id ?>"><?cs var:n.researched_on ?> · <?cs var:n.method_label ?></a><?cs if:n.confirmed_on ?> · <?cs var:Lang.needs.confirmed_on ?> <?cs var:n.confirmed_on ?><?cs /if ?></li>
<?cs /each ?>  </ul>
  <p><a href="/opportunities/<?cs var:OppLinks.opportunity_id ?>/needs" id="opp-needs"><?cs var:Lang.needs.all_reports ?></a><?cs if:OppLinks.can_create ?>
   · <a href="/opportunities/<?cs var:OppLinks.opportunity_id ?>/needs/new" id="new-needs"><?cs var:Lang.needs.new ?></a><?cs /if ?></p>
  <h3><?cs var:Lang.plan.list_title ?></h3>
  <ul id="opp-plans-list">
<?cs each:p = OppPlans ?>    <li data-plan-id="<?cs var:p.id ?>"><a href="/plans/<?cs var:p.id ?>"><?cs var:p.topic ?></a> · <?cs var:p.strategy_label ?><?cs if:p.meeting_on ?> · <?cs var:p.meeting_on ?><?cs /if ?></li>
<?cs /each ?>  </ul>
<?cs if:OppLinks.can_create ?>
  <p><a class="button" href="/plans/new?opportunity_id=<?cs var:OppLinks.opportunity_id ?>" id="new-plan"><?cs var:Lang.plan.new ?></a></p>
<?cs /if ?>
</section>
