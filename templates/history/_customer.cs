<?cs # The customer's history, for inclusion in the customer page (SPEC §5, §3.7).
   Data from customer_history(): History.* — records, recurring, objections, objection_totals,
   concessions, changes, surveys, survey_avg, customer_id, can_survey. ?>
<section class="card" id="customer-history">
  <h2><?cs var:Lang.history.title ?></h2>
  <h3><?cs var:Lang.history.records ?></h3>
<?cs if:subcount(History.records) ?>
  <div class="table-wrap">
  <table class="list" id="history-records">
    <thead><tr>
      <th><?cs var:Lang.history.date ?></th><th><?cs var:Lang.history.phase ?></th><th><?cs var:Lang.history.type ?></th>
      <th><?cs var:Lang.history.status ?></th><th><?cs var:Lang.history.owner ?></th>
    </tr></thead>
    <tbody>
<?cs each:r = History.records ?>
      <tr data-negotiation-id="<?cs var:r.id ?>" data-date="<?cs var:r.iso ?>" data-phase="<?cs var:r.phase_code ?>" data-status="<?cs var:r.status_code ?>">
        <td><a href="/negotiations/<?cs var:r.id ?>"><?cs var:r.date ?></a></td>
        <td><?cs var:r.phase ?></td>
        <td><?cs var:r.type ?></td>
        <td><?cs var:r.status ?><?cs if:r.draft ?> <span class="badge muted"><?cs var:Lang.history.draft ?></span><?cs /if ?></td>
        <td><?cs var:r.owner ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
<?cs if:History.records_more ?>
  <p class="muted"><?cs var:Lang.history.records_more ?> <a href="/negotiations?customer=<?cs var:History.customer_id ?>" id="all-customer-records"><?cs var:Lang.history.all_records ?></a></p>
<?cs /if ?>
<?cs else ?>
  <p class="empty muted" id="history-no-records"><?cs var:Lang.history.no_records ?></p>
<?cs /if ?>

<?cs if:subcount(History.records) ?>
  <h3><?cs var:Lang.history.recurring ?></h3>
<?cs if:subcount(History.recurring) ?>
  <ul id="recurring-needs">
<?cs each:n = History.recurring ?>    <li data-topic="<?cs var:n.code ?>" data-k="<?cs var:n.k ?>" data-n="<?cs var:n.n ?>"><strong><?cs var:n.topic ?></strong> — <?cs var:n.text ?></li>
<?cs /each ?>  </ul>
<?cs else ?>
  <p class="muted" id="recurring-needs-none"><?cs var:Lang.history.no_recurring ?></p>
<?cs /if ?>

<?cs if:History.changes.shown ?>
  <h3><?cs var:Lang.history.changes ?></h3>
  <div id="needs-change">
    <p class="muted"><?cs var:History.changes.first_date ?> → <?cs var:History.changes.latest_date ?></p>
    <p id="needs-added"><strong><?cs var:Lang.history.added ?></strong>
      <span><?cs each:t = History.changes.added ?><span class="badge" data-topic="<?cs var:t.code ?>"><?cs var:t.topic ?></span> <?cs /each ?><?cs if:!subcount(History.changes.added) ?><?cs var:Lang.common.none ?><?cs /if ?></span></p>
    <p id="needs-dropped"><strong><?cs var:Lang.history.dropped ?></strong>
      <span><?cs each:t = History.changes.dropped ?><span class="badge" data-topic="<?cs var:t.code ?>"><?cs var:t.topic ?></span> <?cs /each ?><?cs if:!subcount(History.changes.dropped) ?><?cs var:Lang.common.none ?><?cs /if ?></span></p>
    <p id="needs-kept"><strong><?cs var:Lang.history.kept ?></strong>
      <span><?cs each:t = History.changes.kept ?><span class="badge" data-topic="<?cs var:t.code ?>"><?cs var:t.topic ?></span> <?cs /each ?><?cs if:!subcount(History.changes.kept) ?><?cs var:Lang.common.none ?><?cs /if ?></span></p>
  </div>
<?cs /if ?>

  <h3><?cs var:Lang.history.objections ?></h3>
<?cs if:subcount(History.objections) ?>
  <div class="table-wrap">
  <table class="list" id="objection-trend">
    <thead><tr>
      <th><?cs var:Lang.history.date ?></th><th class="num"><?cs var:Lang.hist_objection.price ?></th>
      <th class="num"><?cs var:Lang.hist_objection.function ?></th><th class="num"><?cs var:Lang.hist_objection.trust ?></th>
      <th class="num"><?cs var:Lang.hist_objection.decision ?></th><th class="num"><?cs var:Lang.history.total ?></th>
    </tr></thead>
    <tbody>
<?cs each:o = History.objections ?>
      <tr data-date="<?cs var:o.iso ?>"><td><?cs var:o.date ?></td><td class="num" data-type="price"><?cs var:o.price ?></td><td class="num" data-type="function"><?cs var:o.function ?></td><td class="num" data-type="trust"><?cs var:o.trust ?></td><td class="num" data-type="decision"><?cs var:o.decision ?></td><td class="num"><?cs var:o.total ?></td></tr>
<?cs /each ?>
    </tbody>
    <tfoot><tr id="objection-totals"><th><?cs var:Lang.history.total ?></th><td class="num" data-type="price"><?cs var:History.objection_totals.price ?></td><td class="num" data-type="function"><?cs var:History.objection_totals.function ?></td><td class="num" data-type="trust"><?cs var:History.objection_totals.trust ?></td><td class="num" data-type="decision"><?cs var:History.objection_totals.decision ?></td><td></td></tr></tfoot>
  </table>
  </div>
<?cs else ?>
  <p class="muted" id="objection-trend-none"><?cs var:Lang.history.no_objections ?></p>
<?cs /if ?>

  <h3><?cs var:Lang.history.concessions ?></h3>
<?cs if:subcount(History.concessions) ?>
  <div class="table-wrap">
  <table class="list" id="history-concessions">
    <thead><tr>
      <th><?cs var:Lang.history.opportunity ?></th><th class="num"><?cs var:Lang.history.concession_count ?></th>
      <th class="num"><?cs var:Lang.history.steps ?></th><th class="num"><?cs var:Lang.history.value_given ?></th>
      <th class="num"><?cs var:Lang.history.list_price ?></th><th class="num"><?cs var:Lang.history.cumulative ?></th>
    </tr></thead>
    <tbody>
<?cs each:k = History.concessions ?>
      <tr data-opportunity-id="<?cs alt:k.opp_id ?>0<?cs /alt ?>"<?cs if:?k.cumulative_bp ?> data-cumulative-bp="<?cs var:k.cumulative_bp ?>"<?cs /if ?>>
        <td><?cs if:k.opp_id ?><a href="/opportunities/<?cs var:k.opp_id ?>"><?cs var:k.title ?></a><?cs else ?><?cs var:Lang.history.no_opportunity ?><?cs /if ?></td>
<?cs if:k.broken ?>
        <td colspan="5" class="muted"><?cs var:Lang.history.concessions_broken ?></td>
<?cs else ?>
        <td class="num"><?cs var:k.count ?><?cs if:k.unvalued > 0 ?> <span class="muted">(<?cs var:k.unvalued ?> <?cs var:Lang.history.unvalued ?>)</span><?cs /if ?></td>
        <td class="num"><?cs var:k.steps ?></td>
        <td class="num"><?cs var:k.value ?></td>
        <td class="num"><?cs if:k.no_list_price ?><span class="muted"><?cs var:Lang.history.no_list_price ?></span><?cs else ?><?cs var:k.list_price ?><?cs /if ?></td>
        <td class="num cumulative"><?cs if:k.no_list_price ?>—<?cs else ?><?cs var:k.cumulative ?><?cs /if ?></td>
<?cs /if ?>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
  <p class="hint"><?cs var:Lang.history.cumulative_hint ?></p>
<?cs if:History.concessions_more ?><p class="muted"><?cs var:Lang.history.concessions_more ?></p><?cs /if ?>
<?cs else ?>
  <p class="muted" id="history-concessions-none"><?cs var:Lang.history.no_concessions ?></p>
<?cs /if ?>
<?cs /if ?>
<?cs # Approved concession requests (concessions.c: concessions_for_history) ?>
<?cs if:subcount(History.approved) ?>
  <h3><?cs var:Lang.conc.history_title ?></h3>
  <div class="table-wrap">
  <table class="list" id="history-approved-concessions">
    <thead><tr>
      <th><?cs var:Lang.conc.opportunity ?></th><th><?cs var:Lang.conc.term_label ?></th><th><?cs var:Lang.conc.requested_value ?></th>
      <th class="num"><?cs var:Lang.conc.amount ?></th><th class="num"><?cs var:Lang.conc.discount ?></th>
      <th><?cs var:Lang.conc.state_label ?></th><th><?cs var:Lang.conc.requester ?></th><th><?cs var:Lang.conc.decided ?></th>
    </tr></thead>
    <tbody>
<?cs each:a = History.approved ?>
      <tr data-concession-id="<?cs var:a.id ?>" data-state="<?cs var:a.state ?>">
        <td><a href="/opportunities/<?cs var:a.opp_id ?>"><?cs var:a.title ?></a></td>
        <td><a href="/concessions/<?cs var:a.id ?>"><?cs var:a.term ?></a></td>
        <td><?cs var:a.requested ?></td>
        <td class="num"><?cs var:a.amount ?></td>
        <td class="num"><?cs var:a.discount ?></td>
        <td><?cs var:a.state_label ?></td>
        <td><?cs var:a.requester ?></td>
        <td><?cs var:a.when ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
<?cs if:History.approved_more ?>  <p class="muted"><?cs var:Lang.conc.history_more ?></p>
<?cs /if ?>
<?cs /if ?>
</section>

<section class="card" id="surveys">
  <div class="titlebar">
    <h2><?cs var:Lang.survey.title ?></h2>
<?cs if:History.can_survey ?>
    <div class="actions"><a class="button" href="/customers/<?cs var:History.customer_id ?>/surveys/new" id="new-survey"><?cs var:Lang.survey.new ?></a></div>
<?cs /if ?>
  </div>
<?cs set:ExportList = "surveys" ?><?cs set:ExportFilter.customer = History.customer_id ?><?cs include:"exports/_control.cs" ?>
<?cs if:subcount(History.surveys) ?>
  <dl class="facts" id="survey-averages">
    <dt><?cs var:Lang.survey.average_of ?></dt><dd id="avg-count"><?cs var:History.survey_avg.count ?></dd>
    <dt><?cs var:Lang.survey.service_quality ?></dt><dd id="avg-service_quality"><?cs var:History.survey_avg.service_quality ?></dd>
    <dt><?cs var:Lang.survey.solution_effect ?></dt><dd id="avg-solution_effect"><?cs var:History.survey_avg.solution_effect ?></dd>
    <dt><?cs var:Lang.survey.response_speed ?></dt><dd id="avg-response_speed"><?cs var:History.survey_avg.response_speed ?></dd>
    <dt><?cs var:Lang.survey.team_cooperation ?></dt><dd id="avg-team_cooperation"><?cs var:History.survey_avg.team_cooperation ?></dd>
    <dt><?cs var:Lang.survey.all_scores ?></dt><dd id="avg-all"><?cs var:History.survey_avg.all ?></dd>
  </dl>
  <div class="table-wrap">
  <table class="list" id="survey-history">
    <thead><tr>
      <th><?cs var:Lang.survey.surveyed_on ?></th><th class="num"><?cs var:Lang.survey.service_quality ?></th>
      <th class="num"><?cs var:Lang.survey.solution_effect ?></th><th class="num"><?cs var:Lang.survey.response_speed ?></th>
      <th class="num"><?cs var:Lang.survey.team_cooperation ?></th><th><?cs var:Lang.survey.overall ?></th>
      <th><?cs var:Lang.survey.suggestions ?></th><th><?cs var:Lang.survey.by ?></th>
    </tr></thead>
    <tbody>
<?cs each:s = History.surveys ?>
      <tr data-survey-id="<?cs var:s.id ?>" data-overall="<?cs var:s.overall_code ?>">
        <td><?cs var:s.date ?></td><td class="num"><?cs var:s.service_quality ?></td><td class="num"><?cs var:s.solution_effect ?></td>
        <td class="num"><?cs var:s.response_speed ?></td><td class="num"><?cs var:s.team_cooperation ?></td>
        <td><span class="badge overall-<?cs var:s.overall_code ?>"><?cs var:s.overall ?></span></td>
        <td class="pre"><?cs var:s.suggestions ?></td><td><?cs var:s.by ?></td>
      </tr>
<?cs /each ?>
    </tbody>
  </table>
  </div>
<?cs else ?>
  <p class="empty muted" id="surveys-none"><?cs var:Lang.survey.none ?></p>
<?cs /if ?>
</section>
