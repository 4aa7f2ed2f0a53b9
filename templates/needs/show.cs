<?cs set:Page.title = Lang.needs.title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="needs-title"><?cs var:Lang.needs.title ?> · <?cs var:Report.opportunity_title ?></h1>
<?cs if:Report.can_edit ?>
  <a class="button" href="/needs/<?cs var:Report.id ?>/edit" id="edit-needs"><?cs var:Lang.common.edit ?></a>
<?cs /if ?>
</div>
<dl class="card facts" id="needs-facts">
  <dt><?cs var:Lang.plan.opportunity ?></dt><dd><a href="/opportunities/<?cs var:Report.opportunity_id ?>" id="needs-opportunity"><?cs var:Report.opportunity_title ?></a></dd>
  <dt><?cs var:Lang.plan.customer ?></dt><dd><a href="/customers/<?cs var:Report.customer_id ?>"><?cs var:Report.customer_name ?></a></dd>
  <dt><?cs var:Lang.needs.researched_on ?></dt><dd id="needs-researched-on"><?cs var:Report.researched_on ?></dd>
  <dt><?cs var:Lang.needs.method_label ?></dt><dd id="needs-method" data-method="<?cs var:Report.method ?>"><?cs var:Report.method_label ?></dd>
  <dt><?cs var:Lang.needs.confirmed_on ?></dt><dd id="needs-confirmed-on"><?cs alt:Report.confirmed_on ?><?cs var:Lang.needs.not_confirmed ?><?cs /alt ?></dd>
  <dt><?cs var:Lang.plan.creator ?></dt><dd><?cs var:Report.creator ?></dd>
  <dt><?cs var:Lang.plan.updated ?></dt><dd><?cs var:Report.updated ?></dd>
</dl>
<section class="card">
  <h2><?cs var:Lang.needs.current_situation ?></h2><p class="pre" id="needs-situation"><?cs var:Report.current_situation ?></p>
  <h2><?cs var:Lang.needs.pains ?></h2>
  <ol id="needs-pains">
<?cs each:p = Report.pains ?>    <li data-priority="<?cs var:p.priority ?>"><?cs var:p.text ?></li>
<?cs /each ?>  </ol>
  <h2><?cs var:Lang.needs.expected_goals ?></h2><p class="pre" id="needs-goals"><?cs var:Report.expected_goals ?></p>
  <h2><?cs var:Lang.needs.decision_process ?></h2><p class="pre" id="needs-decision"><?cs var:Report.decision_process ?></p>
</section>
<?cs if:Report.conf ?>
<section class="card" id="needs-budget-section">
  <h2><?cs var:Lang.needs.budget_title ?></h2>
  <p id="needs-budget" data-state="<?cs var:Report.budget_state ?>"><?cs if:Report.budget_state == "value" ?><?cs var:Report.budget_min ?> – <?cs var:Report.budget_max ?><?cs elif:Report.budget_state == "broken" ?><?cs var:Lang.plan.unavailable ?><?cs else ?><?cs var:Lang.plan.not_set ?><?cs /if ?></p>
</section>
<?cs /if ?>
<section class="card" id="needs-classes">
  <h2><?cs var:Lang.needs.needs ?></h2>
  <h3><?cs var:Lang.needs.must_title ?></h3>
  <ul id="needs-must"><?cs each:n = Report.must ?><li><?cs var:n.text ?></li><?cs /each ?></ul>
  <h3><?cs var:Lang.needs.should_title ?></h3>
  <ul id="needs-should"><?cs each:n = Report.should ?><li><?cs var:n.text ?></li><?cs /each ?></ul>
  <h3><?cs var:Lang.needs.could_title ?></h3>
  <ul id="needs-could"><?cs each:n = Report.could ?><li><?cs var:n.text ?></li><?cs /each ?></ul>
</section>
<p><a href="/opportunities/<?cs var:Report.opportunity_id ?>/needs"><?cs var:Lang.needs.all_reports ?></a>
 · <a href="/opportunities/<?cs var:Report.opportunity_id ?>" id="back-to-opportunity"><?cs var:Lang.plan.back_to_opportunity ?></a></p>
<?cs include:"layout/footer.cs" ?>
