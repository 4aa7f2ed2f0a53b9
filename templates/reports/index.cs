<?cs set:Page.title = Lang.kpi.title ?><?cs include:"layout/header.cs" ?><?cs include:"reports/_query.cs" ?>
<h1><?cs var:Lang.kpi.title ?><?cs if:!Report.invalid ?> · <span id="report-scope"><?cs var:Report.scope_name ?></span> · <span id="report-at"><?cs var:Report.at ?></span><?cs /if ?></h1>
<form method="get" action="/reports" class="card filters" id="report-filters">
  <div class="filter-row">
  <label for="f-period"><?cs var:Lang.kpi.period ?>
  <select id="f-period" name="period">
<?cs each:k = Lang.kpi_periods ?>    <option value="<?cs name:k ?>"<?cs if:name(k) == Report.period ?> selected<?cs /if ?>><?cs var:k ?></option>
<?cs /each ?>  </select></label>
  <label for="f-scope"><?cs var:Lang.kpi.scope ?>
  <select id="f-scope" name="scope">
<?cs each:c = Choices.scopes ?>    <option value="<?cs var:c.value ?>"<?cs if:c.value == Report.scope ?> selected<?cs /if ?>><?cs var:Lang.kpi_kinds[c.kind] ?> · <?cs var:c.label ?></option>
<?cs /each ?>  </select></label>
  <button type="submit" id="report-apply"><?cs var:Lang.kpi.apply ?></button>
  </div>
  <p class="muted"><?cs var:Lang.kpi.tz_note ?> <?cs var:Report.tz ?></p>
</form>
<?cs if:!Report.invalid ?>
<p class="report-nav"><a id="prev-period" href="/reports?period=<?cs var:url_escape(Report.period) ?>&amp;at=<?cs var:url_escape(Report.prev_at) ?>&amp;scope=<?cs var:url_escape(Report.scope) ?>">← <?cs var:Report.prev_at ?></a></p>

<section class="card">
<h2><?cs var:Lang.kpi.figures ?></h2>
<div class="table-wrap">
<table class="list" id="kpi-table">
  <thead><tr><th><?cs var:Lang.kpi.figure ?></th><th><?cs var:Report.at ?></th><th><?cs var:Report.prev_at ?></th><th><?cs var:Lang.kpi.behind ?></th></tr></thead>
  <tbody>
<?cs each:k = Kpi ?>    <tr id="kpi-<?cs var:k.key ?>" data-kpi="<?cs var:k.key ?>">
      <th scope="row"><?cs var:Lang.kpi_names[k.key] ?><?cs if:Lang.kpi_units[k.key] ?> <span class="muted">(<?cs var:Lang.kpi_units[k.key] ?>)</span><?cs /if ?></th>
      <td class="num cur"><a href="/reports/records?<?cs call:report_q(k.key) ?>"><?cs var:k.cur ?></a></td>
      <td class="num prev"><?cs var:k.prev ?></td>
      <td><a class="drill" id="drill-<?cs var:k.key ?>" href="/reports/records?<?cs call:report_q(k.key) ?>"><?cs var:Lang.kpi.records_link ?></a></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
</div>
<p class="muted" id="kpi-counts"><?cs var:Lang.kpi.counts_won ?> <?cs var:Counts.won ?> / <?cs var:Lang.kpi.counts_closed ?> <?cs var:Counts.closed ?> · <?cs var:Lang.kpi.counts_late ?> <?cs var:Counts.late ?> / <?cs var:Lang.kpi.counts_records ?> <?cs var:Counts.records ?> · <?cs var:Lang.kpi.counts_surveys ?> <?cs var:Counts.surveys ?></p>
</section>

<section class="card chart" id="chart-trend">
<h2><?cs var:Lang.kpi.trend ?></h2>
<svg class="chart" viewBox="0 0 640 220" width="640" height="220" role="img" aria-labelledby="trend-title">
  <title id="trend-title"><?cs var:Lang.kpi.trend ?></title>
  <line class="axis" x1="48" y1="<?cs var:Chart.y0 ?>" x2="624" y2="<?cs var:Chart.y0 ?>" stroke="#888" />
  <line class="grid" x1="48" y1="<?cs var:Chart.y50 ?>" x2="624" y2="<?cs var:Chart.y50 ?>" stroke="#ddd" />
  <line class="grid" x1="48" y1="<?cs var:Chart.y100 ?>" x2="624" y2="<?cs var:Chart.y100 ?>" stroke="#ddd" />
  <text x="4" y="<?cs var:Chart.y0 ?>" font-size="11">0%</text>
  <text x="4" y="<?cs var:Chart.y50 ?>" font-size="11">50%</text>
  <text x="4" y="<?cs var:Chart.y100 ?>" font-size="11">100%</text>
  <polyline class="line-success" points="<?cs var:Chart.points_success ?>" fill="none" stroke="#1f6feb" stroke-width="2" />
  <polyline class="line-late" points="<?cs var:Chart.points_late ?>" fill="none" stroke="#d1242f" stroke-width="2" stroke-dasharray="5 3" />
<?cs each:t = Trend ?><?cs if:t.ys ?>  <circle cx="<?cs var:t.x ?>" cy="<?cs var:t.ys ?>" r="3" fill="#1f6feb"><title><?cs var:t.key ?> <?cs var:Lang.kpi_names.success ?> <?cs var:t.success ?></title></circle>
<?cs /if ?><?cs if:t.yl ?>  <circle cx="<?cs var:t.x ?>" cy="<?cs var:t.yl ?>" r="3" fill="#d1242f"><title><?cs var:t.key ?> <?cs var:Lang.kpi_names.late ?> <?cs var:t.late ?></title></circle>
<?cs /if ?>  <text x="<?cs var:t.x ?>" y="212" font-size="10" text-anchor="middle"><?cs var:t.key ?></text>
<?cs /each ?></svg>
<p class="legend"><span class="key key-success">━</span> <?cs var:Lang.kpi_names.success ?> <span class="key key-late">╍</span> <?cs var:Lang.kpi_names.late ?></p>
<div class="table-wrap">
<table class="list" id="trend-table">
  <caption><?cs var:Lang.kpi.trend ?></caption>
  <thead><tr><th><?cs var:Lang.kpi.period ?></th><th><?cs var:Lang.kpi_names.success ?></th><th><?cs var:Lang.kpi_names.late ?></th></tr></thead>
  <tbody>
<?cs each:t = Trend ?>    <tr><th scope="row"><?cs var:t.key ?></th><td class="num"><?cs var:t.success ?></td><td class="num"><?cs var:t.late ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
</section>

<?cs if:subcount(Bars) ?>
<section class="card chart" id="chart-bars">
<h2><?cs if:Chart.bars_people == "1" ?><?cs var:Lang.kpi.bars_people ?><?cs else ?><?cs var:Lang.kpi.bars_teams ?><?cs /if ?></h2>
<svg class="chart" viewBox="0 0 640 <?cs var:Chart.bars_h ?>" width="640" height="<?cs var:Chart.bars_h ?>" role="img" aria-labelledby="bars-title">
  <title id="bars-title"><?cs var:Lang.kpi_names.success ?></title>
<?cs each:b = Bars ?>  <text x="0" y="<?cs var:#b.y + 17 ?>" font-size="12"><?cs var:b.label ?></text>
  <rect x="180" y="<?cs var:#b.y + 4 ?>" width="<?cs var:b.w ?>" height="18" fill="#1f6feb"><title><?cs var:b.label ?> <?cs var:b.value ?></title></rect>
  <text x="<?cs var:#b.w + 186 ?>" y="<?cs var:#b.y + 17 ?>" font-size="12"><?cs var:b.value ?></text>
<?cs /each ?></svg>
<div class="table-wrap">
<table class="list" id="bars-table">
  <thead><tr><th><?cs var:Lang.kpi.who ?></th><th><?cs var:Lang.kpi_names.success ?></th><th><?cs var:Lang.kpi.counts_won ?></th><th><?cs var:Lang.kpi.counts_closed ?></th></tr></thead>
  <tbody>
<?cs each:b = Bars ?>    <tr><th scope="row"><a href="/reports?period=<?cs var:url_escape(Report.period) ?>&amp;at=<?cs var:url_escape(Report.at) ?>&amp;scope=<?cs var:url_escape(b.scope) ?>"><?cs var:b.label ?></a></th><td class="num"><?cs var:b.value ?></td><td class="num"><?cs var:b.won ?></td><td class="num"><?cs var:b.closed ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
</section>
<?cs /if ?>

<section class="card chart" id="chart-funnel">
<h2><?cs var:Lang.kpi.funnel ?></h2>
<svg class="chart" viewBox="0 0 640 180" width="640" height="180" role="img" aria-labelledby="funnel-title">
  <title id="funnel-title"><?cs var:Lang.kpi.funnel ?></title>
<?cs each:f = Funnel ?>  <text x="0" y="<?cs var:#f.y + 18 ?>" font-size="12"><?cs var:f.label ?></text>
  <rect x="<?cs var:f.x ?>" y="<?cs var:#f.y + 4 ?>" width="<?cs var:f.w ?>" height="22" fill="#2da44e"><title><?cs var:f.label ?> <?cs var:f.n ?></title></rect>
<?cs /each ?></svg>
<div class="table-wrap">
<table class="list" id="funnel-table">
  <thead><tr><th><?cs var:Lang.kpi.stage ?></th><th><?cs var:Lang.kpi.reached ?></th><th><?cs var:Lang.kpi.conversion ?></th></tr></thead>
  <tbody>
<?cs each:f = Funnel ?>    <tr><th scope="row"><?cs var:f.stage ?>. <?cs var:f.label ?></th><td class="num"><?cs var:f.n ?></td><td class="num"><?cs if:f.conv ?><?cs var:f.conv ?><?cs /if ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
<p class="muted"><?cs var:Lang.kpi.funnel_note ?></p>
</section>

<section class="card chart" id="chart-objections">
<h2><?cs var:Lang.kpi.objection_mix ?></h2>
<svg class="chart" viewBox="0 0 640 220" width="640" height="220" role="img" aria-labelledby="mix-title">
  <title id="mix-title"><?cs var:Lang.kpi.objection_mix ?></title>
<?cs each:m = Mix ?>  <rect x="<?cs var:m.x ?>" y="<?cs var:m.price.y ?>" width="<?cs var:m.w ?>" height="<?cs var:m.price.h ?>" fill="#d1242f"><title><?cs var:m.key ?> <?cs var:Lang.rec.otype.price ?> <?cs var:m.price.n ?></title></rect>
  <rect x="<?cs var:m.x ?>" y="<?cs var:m.function.y ?>" width="<?cs var:m.w ?>" height="<?cs var:m.function.h ?>" fill="#1f6feb"><title><?cs var:m.key ?> <?cs var:Lang.rec.otype.function ?> <?cs var:m.function.n ?></title></rect>
  <rect x="<?cs var:m.x ?>" y="<?cs var:m.trust.y ?>" width="<?cs var:m.w ?>" height="<?cs var:m.trust.h ?>" fill="#bf8700"><title><?cs var:m.key ?> <?cs var:Lang.rec.otype.trust ?> <?cs var:m.trust.n ?></title></rect>
  <rect x="<?cs var:m.x ?>" y="<?cs var:m.decision.y ?>" width="<?cs var:m.w ?>" height="<?cs var:m.decision.h ?>" fill="#8250df"><title><?cs var:m.key ?> <?cs var:Lang.rec.otype.decision ?> <?cs var:m.decision.n ?></title></rect>
  <text x="<?cs var:#m.x + 2 ?>" y="212" font-size="10"><?cs var:m.key ?></text>
<?cs /each ?></svg>
<p class="legend"><span class="key key-price">■</span> <?cs var:Lang.rec.otype.price ?> <span class="key key-function">■</span> <?cs var:Lang.rec.otype.function ?> <span class="key key-trust">■</span> <?cs var:Lang.rec.otype.trust ?> <span class="key key-decision">■</span> <?cs var:Lang.rec.otype.decision ?></p>
<div class="table-wrap">
<table class="list" id="mix-table">
  <thead><tr><th><?cs var:Lang.kpi.period ?></th><th><?cs var:Lang.rec.otype.price ?></th><th><?cs var:Lang.rec.otype.function ?></th><th><?cs var:Lang.rec.otype.trust ?></th><th><?cs var:Lang.rec.otype.decision ?></th><th><?cs var:Lang.kpi.total ?></th></tr></thead>
  <tbody>
<?cs each:m = Mix ?>    <tr><th scope="row"><?cs var:m.key ?></th><td class="num"><?cs var:m.price.n ?></td><td class="num"><?cs var:m.function.n ?></td><td class="num"><?cs var:m.trust.n ?></td><td class="num"><?cs var:m.decision.n ?></td><td class="num"><?cs var:m.total ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
</section>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
