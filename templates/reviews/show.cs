<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.review.title + ": " + Opp.title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1 id="review-title"><?cs var:Lang.review.title ?>: <?cs var:Opp.title ?></h1>
  <a class="button" href="/opportunities/<?cs var:Opp.id ?>" id="to-opportunity"><?cs var:Lang.review.to_opportunity ?></a>
</div>
<dl class="card facts" id="review-facts">
  <dt><?cs var:Lang.opp.customer ?></dt><dd><a href="/customers/<?cs var:Opp.customer_id ?>"><?cs var:Opp.customer_name ?></a></dd>
  <dt><?cs var:Lang.opp.status ?></dt><dd id="review-status" data-status="<?cs var:Opp.status ?>"><?cs var:Opp.status_label ?></dd>
  <dt><?cs var:Lang.opp.owner ?></dt><dd><?cs var:Opp.owner ?></dd>
  <dt><?cs var:Lang.opp.list_price ?></dt><dd><?cs var:Opp.list_price ?></dd>
  <dt><?cs var:Lang.opp.final_price ?></dt><dd><?cs var:Opp.final_price ?></dd>
  <dt><?cs var:Lang.review.signed_by ?></dt><dd id="review-signed"><?cs if:Review.signed.by ?><?cs var:Review.signed.by ?> · <?cs var:Review.signed.at ?><?cs else ?><?cs var:Lang.review.not_signed ?><?cs /if ?></dd>
</dl>
<?cs include:"opportunities/_closings.cs" ?>

<section class="card" id="review-timeline-section">
  <h2 id="timeline-title"><?cs var:Lang.review.timeline ?></h2>
<?cs if:subcount(Review.timeline) ?>
  <ol class="timeline" id="review-timeline" aria-labelledby="timeline-title">
<?cs each:t = Review.timeline ?>    <li data-kind="<?cs var:t.kind ?>"><span class="when"><?cs var:t.when ?></span> · <strong><?cs var:t.kind_label ?></strong>:
<?cs if:t.kind == "record" ?>      <a href="/negotiations/<?cs var:t.ref ?>"><?cs var:t.a ?> · <?cs var:t.b ?></a>
<?cs elif:t.kind == "stage" ?>      <?cs if:t.a ?><?cs var:t.a ?> → <?cs /if ?><?cs var:t.b ?> (<?cs var:t.c ?>)
<?cs elif:t.kind == "conc_asked" ?>      <a href="/concessions/<?cs var:t.ref ?>"><?cs var:t.a ?>: <?cs var:t.b ?></a> (<?cs var:t.c ?>)
<?cs elif:t.kind == "approval" ?>      <a href="/concessions/<?cs var:t.ref ?>"><?cs var:t.a ?></a> · <?cs var:t.b ?>
<?cs elif:t.kind == "conc_given" ?>      <a href="/negotiations/<?cs var:t.ref ?>"><?cs var:t.a ?>: <?cs var:t.b ?> → <?cs var:t.c ?></a>
<?cs elif:t.kind == "objection" || t.kind == "objection_resolved" ?>      <a href="/negotiations/<?cs var:t.ref ?>"><?cs var:t.a ?></a> “<?cs var:t.b ?>”<?cs if:t.c ?> (<?cs var:t.c ?>)<?cs /if ?>
<?cs elif:t.kind == "closed" ?>      <?cs var:t.a ?>
<?cs else ?>      <?cs var:t.a ?>
<?cs /if ?>    </li>
<?cs /each ?>  </ol>
<?cs else ?>
  <p><?cs var:Lang.review.nothing ?></p>
<?cs /if ?>
</section>

<section class="card" id="review-stances">
  <h2><?cs var:Lang.review.stances ?></h2>
<?cs if:subcount(Review.stances) ?>
<?cs each:p = Review.stances ?>  <h3 class="stance-person"><?cs var:p.person ?><?cs if:p.changed ?> <span class="badge warn stance-changed"><?cs var:Lang.review.stance_changed ?></span><?cs /if ?></h3>
  <ul>
<?cs each:s = p.seen ?>    <li><a href="/negotiations/<?cs var:s.record ?>"><?cs var:s.date ?></a>: <?cs var:s.observation ?></li>
<?cs /each ?>  </ul>
<?cs /each ?>
<?cs else ?>
  <p><?cs var:Lang.review.nothing ?></p>
<?cs /if ?>
</section>

<section class="card" id="review-plan">
  <h2><?cs var:Lang.review.plan_vs_actual ?></h2>
<?cs if:Review.plan.id ?>
  <p><?cs var:Lang.review.plan ?>: <a href="/plans/<?cs var:Review.plan.id ?>"><?cs var:Review.plan.topic ?></a></p>
  <h3><?cs var:Lang.review.goals ?></h3>
<?cs if:subcount(Review.goals) ?>
  <ul id="review-goals">
<?cs each:g = Review.goals ?>    <li data-verdict="<?cs var:g.verdict ?>"><?cs var:g.goal ?> — <?cs var:g.verdict_label ?></li>
<?cs /each ?>  </ul>
<?cs else ?>
  <p><?cs var:Lang.review.goals_not_judged ?></p>
<?cs /if ?>
<?cs if:Review.plan.confidential ?>
  <div class="table-wrap">
  <table class="list" id="plan-vs-actual">
    <caption><?cs var:Lang.review.bottom_lines ?></caption>
    <thead><tr><th scope="col"><?cs var:Lang.review.item ?></th><th scope="col"><?cs var:Lang.review.planned ?></th><th scope="col"><?cs var:Lang.review.actual ?></th><th scope="col"><?cs var:Lang.review.verdict_col ?></th></tr></thead>
    <tbody>
<?cs each:k = Review.pva ?>      <tr id="pva-<?cs var:k.key ?>" data-verdict="<?cs var:k.verdict ?>"><th scope="row"><?cs var:k.label ?></th><td><?cs var:k.planned ?></td><td><?cs var:k.actual ?></td><td><?cs if:k.verdict_label ?><?cs var:k.verdict_label ?><?cs else ?>—<?cs /if ?></td></tr>
<?cs /each ?>    </tbody>
  </table>
  </div>
  <p id="trigger-flags"><?cs var:Lang.review.trigger_flags ?>: <?cs var:Review.plan.trigger_flags ?></p>
<?cs /if ?>
  <h3><?cs var:Lang.review.ladder ?></h3>
  <p id="ladder-summary"><?cs var:Lang.review.ladder_step ?>: <?cs var:Review.plan.ladder ?> · <?cs var:Lang.review.steps_taken ?>: <?cs var:Review.plan.steps_taken ?> · <?cs var:Lang.review.steps_over ?>: <?cs var:Review.plan.steps_over ?></p>
<?cs if:subcount(Review.steps) ?>
  <ul id="ladder-steps">
<?cs each:s = Review.steps ?>    <li data-verdict="<?cs var:s.verdict ?>"><a href="/negotiations/<?cs var:s.record ?>"><?cs var:s.date ?></a> · <?cs var:s.term ?> <?cs var:s.bp ?><?cs if:s.verdict == "beyond" ?> <span class="badge warn"><?cs var:Lang.review.over_ladder ?></span><?cs /if ?></li>
<?cs /each ?>  </ul>
<?cs /if ?>
<?cs else ?>
  <p id="no-plan"><?cs var:Lang.review.no_plan ?></p>
<?cs /if ?>
</section>

<section class="card" id="review-promises">
  <h2><?cs var:Lang.review.promises ?></h2>
<?cs if:subcount(Review.promises) ?>
  <p id="promises-summary"><?cs var:Lang.review.promises_kept ?>: <?cs var:Review.promises_kept ?> / <?cs var:Review.promises_due ?></p>
  <div class="table-wrap">
  <table class="list" id="promises">
    <thead><tr><th scope="col"><?cs var:Lang.review.promise ?></th><th scope="col"><?cs var:Lang.opp.owner ?></th><th scope="col"><?cs var:Lang.review.due ?></th><th scope="col"><?cs var:Lang.review.done ?></th><th scope="col"><?cs var:Lang.review.kept ?></th></tr></thead>
    <tbody>
<?cs each:p = Review.promises ?>      <tr data-state="<?cs var:p.state ?>"><td><a href="/negotiations/<?cs var:p.record ?>"><?cs var:p.what ?></a><?cs if:p.deliverable ?> · <?cs var:p.deliverable ?><?cs /if ?></td><td><?cs var:p.owner ?></td><td><?cs var:p.due ?></td><td><?cs var:p.done ?></td><td><?cs var:p.state_label ?></td></tr>
<?cs /each ?>    </tbody>
  </table>
  </div>
<?cs else ?>
  <p><?cs var:Lang.review.nothing ?></p>
<?cs /if ?>
</section>

<section class="card" id="review-lessons">
  <h2><?cs var:Lang.review.lessons ?></h2>
<?cs if:subcount(Review.record_lessons) ?>
  <ul id="record-lessons">
<?cs each:l = Review.record_lessons ?>    <li><a href="/negotiations/<?cs var:l.record ?>"><?cs var:l.date ?></a>:
<?cs if:l.strengths ?> <?cs var:Lang.review.strengths ?>: <?cs var:l.strengths ?>.<?cs /if ?><?cs if:l.improve ?> <?cs var:Lang.review.improve ?>: <?cs var:l.improve ?>.<?cs /if ?><?cs if:l.strategy ?> <?cs var:Lang.review.strategy ?>: <?cs var:l.strategy ?>.<?cs /if ?></li>
<?cs /each ?>  </ul>
<?cs /if ?>
<?cs if:Review.written.lessons ?>
  <div id="written-lessons"><h3><?cs var:Lang.review.team_lessons ?></h3><p class="pre"><?cs var:Review.written.lessons ?></p>
  <p class="hint"><?cs var:Review.written.by ?> · <?cs var:Review.written.at ?></p></div>
<?cs /if ?>
<?cs if:Review.can_write ?>
  <form method="post" action="/reviews/<?cs var:Opp.id ?>" class="form" id="review-form" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:textarea_field("lessons", Lang.review.team_lessons, 5) ?>
<?cs if:subcount(Form.rows.goals) ?>
    <div class="table-wrap">
    <table class="rows" id="goal-rows">
      <caption><?cs var:Lang.review.goals ?></caption>
      <thead><tr><th scope="col"><?cs var:Lang.review.goal ?></th><th scope="col"><?cs var:Lang.review.verdict_col ?></th></tr></thead>
      <tbody>
<?cs each:g = Form.rows.goals ?>        <tr><td><input type="hidden" name="goals.<?cs name:g ?>.goal" value="<?cs var:g.goal ?>"><?cs var:g.goal ?><?cs call:row_err(g, "goal") ?></td><?cs call:row_select("goals", g, "verdict", Lang.review.verdict_col, Choices.verdicts) ?></tr>
<?cs /each ?>      </tbody>
    </table>
    </div>
    <?cs call:field_error("goals") ?>
<?cs /if ?>
    <p class="hint"><?cs var:Lang.review.write_hint ?></p>
    <button type="submit" class="primary" id="save-review"><?cs var:Lang.review.save ?></button>
  </form>
<?cs /if ?>
</section>

<section class="card" id="review-signoff">
  <h2><?cs var:Lang.review.signoff ?></h2>
<?cs if:Review.signed.by ?>
  <p id="signed-comment"><?cs var:Review.signed.by ?> · <?cs var:Review.signed.at ?>: <?cs var:Review.signed.comment ?></p>
<?cs /if ?>
<?cs if:Review.can_sign ?>
  <form method="post" action="/reviews/<?cs var:Opp.id ?>/sign" class="form" id="sign-form" novalidate>
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:textarea_field("comment", Lang.review.comment, 3) ?>
    <button type="submit" class="primary" id="sign-review"><?cs var:Lang.review.sign ?></button>
  </form>
<?cs elif:!Review.signed.by ?>
  <p><?cs var:Lang.review.not_signed ?></p>
<?cs /if ?>
</section>
<?cs include:"layout/footer.cs" ?>
