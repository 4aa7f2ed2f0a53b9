<?cs set:Page.title = Lang.kpi.records_title ?><?cs include:"layout/header.cs" ?><?cs include:"reports/_query.cs" ?>
<h1><?cs var:Lang.kpi.records_title ?><?cs if:!Report.invalid ?> · <span id="records-kpi"><?cs var:Lang.kpi_names[Report.kpi] ?></span><?cs /if ?></h1>
<?cs if:!Report.invalid ?>
<p><span id="report-scope"><?cs var:Report.scope_name ?></span> · <span id="report-at"><?cs var:Report.at ?></span> ·
  <a id="back-to-report" href="/reports?<?cs call:report_q("") ?>"><?cs var:Lang.kpi.back ?></a></p>
<p class="muted" id="records-explain"><?cs var:Lang.kpi_explain[Report.kpi] ?></p>
<?cs if:subcount(Rows) ?>
<div class="table-wrap">
<?cs if:Report.list == "late" ?>
<table class="list" id="late-records" data-list="late">
  <thead><tr><th><?cs var:Lang.kpi_col.record ?></th><th><?cs var:Lang.kpi_col.customer ?></th><th><?cs var:Lang.kpi_col.owner ?></th><th><?cs var:Lang.kpi_col.phase ?></th><th><?cs var:Lang.kpi_col.ended ?></th><th><?cs var:Lang.kpi_col.completed ?></th></tr></thead>
  <tbody>
<?cs each:r = Rows ?>    <tr data-negotiation-id="<?cs var:r.id ?>"><td><a href="/negotiations/<?cs var:r.id ?>"><?cs var:r.held_on ?></a></td><td><a href="/customers/<?cs var:r.customer_id ?>"><?cs var:r.customer ?></a></td><td><?cs var:r.owner ?></td><td><?cs var:r.phase ?></td><td><?cs var:r.ended ?></td><td><?cs if:r.completed ?><?cs var:r.completed ?><?cs else ?><span class="badge warn"><?cs var:Lang.kpi.not_completed ?></span><?cs /if ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs elif:Report.list == "moves" ?>
<table class="list" id="close-moves" data-list="moves">
  <thead><tr><th><?cs var:Lang.kpi_col.opportunity ?></th><th><?cs var:Lang.kpi_col.customer ?></th><th><?cs var:Lang.kpi_col.owner ?></th><th><?cs var:Lang.kpi_col.from ?></th><th><?cs var:Lang.kpi_col.to ?></th><th><?cs var:Lang.kpi_col.days ?></th><th><?cs var:Lang.kpi_col.moved ?></th></tr></thead>
  <tbody>
<?cs each:r = Rows ?>    <tr><td><a href="/opportunities/<?cs var:r.id ?>"><?cs var:r.title ?></a></td><td><a href="/customers/<?cs var:r.customer_id ?>"><?cs var:r.customer ?></a></td><td><?cs var:r.owner ?></td><td><?cs var:r.from ?></td><td><?cs var:r.to ?></td><td class="num"><?cs var:r.days ?></td><td><?cs var:r.moved ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs elif:Report.list == "surveys" ?>
<table class="list" id="surveys" data-list="surveys">
  <thead><tr><th><?cs var:Lang.kpi_col.date ?></th><th><?cs var:Lang.kpi_col.customer ?></th><th><?cs var:Lang.kpi_col.owner ?></th><th><?cs var:Lang.kpi_names.sat_quality ?></th><th><?cs var:Lang.kpi_names.sat_effect ?></th><th><?cs var:Lang.kpi_names.sat_speed ?></th><th><?cs var:Lang.kpi_names.sat_team ?></th><th><?cs var:Lang.kpi_col.overall ?></th></tr></thead>
  <tbody>
<?cs each:r = Rows ?>    <tr><td><?cs var:r.surveyed_on ?></td><td><a href="/customers/<?cs var:r.customer_id ?>"><?cs var:r.customer ?></a></td><td><?cs var:r.owner ?></td><td class="num"><?cs var:r.quality ?></td><td class="num"><?cs var:r.effect ?></td><td class="num"><?cs var:r.speed ?></td><td class="num"><?cs var:r.team ?></td><td><?cs var:r.overall ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs else ?>
<table class="list" id="closed-deals" data-list="closed">
  <thead><tr><th><?cs var:Lang.kpi_col.opportunity ?></th><th><?cs var:Lang.kpi_col.customer ?></th><th><?cs var:Lang.kpi_col.owner ?></th><th><?cs var:Lang.kpi_col.status ?></th><th><?cs var:Lang.kpi_col.closed ?></th><th><?cs var:Lang.kpi_col.list ?></th><th><?cs var:Lang.kpi_col.quote ?></th><th><?cs var:Lang.kpi_col.final ?></th><th><?cs var:Lang.kpi_col.cycle ?></th><th><?cs var:Lang.kpi_col.concessions ?></th></tr></thead>
  <tbody>
<?cs each:r = Rows ?>    <tr data-opportunity-id="<?cs var:r.id ?>" data-status="<?cs var:r.status ?>"><td><a href="/opportunities/<?cs var:r.id ?>"><?cs var:r.title ?></a></td><td><a href="/customers/<?cs var:r.customer_id ?>"><?cs var:r.customer ?></a></td><td><?cs var:r.owner ?></td><td><?cs var:r.status_label ?></td><td><?cs var:r.closed ?></td><td class="num"><?cs var:r.list ?></td><td class="num"><?cs var:r.quote ?></td><td class="num"><?cs var:r.final ?></td><td class="num"><?cs var:r.cycle ?></td><td class="num"><?cs var:r.concessions ?></td></tr>
<?cs /each ?>  </tbody>
</table>
<?cs /if ?>
</div>
<?cs if:Report.more ?><p class="muted" id="records-more"><?cs var:Lang.kpi.more ?></p><?cs /if ?>
<?cs else ?><p class="muted" id="no-records"><?cs var:Lang.kpi.none ?></p>
<?cs /if ?>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
