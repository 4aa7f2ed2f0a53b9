<?cs set:Page.title = Lang.home.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.home.welcome ?> <?cs var:User.name ?></h1>
<p class="muted"><?cs var:Lang.home.role_is ?> <?cs var:User.role_label ?></p>
<?cs if:Nav.admin ?>
<section class="card" id="org-health">
  <h2><?cs var:Lang.home.org_title ?></h2>
  <h3><?cs var:Lang.home.orphans ?> <span class="figure" id="fig-orphans"><?cs var:Home.org.orphans_n ?></span></h3>
<?cs if:subcount(Home.org.orphans) ?>  <ul id="orphans">
<?cs each:u = Home.org.orphans ?>    <li data-user-id="<?cs var:u.id ?>"><a href="/admin/users/<?cs var:u.id ?>"><?cs var:u.name ?></a> · <?cs var:u.role_label ?><?cs if:u.no_team ?> · <?cs var:Lang.home.no_team ?><?cs /if ?><?cs if:u.no_manager ?> · <?cs var:Lang.home.no_manager ?><?cs /if ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
  <h3><?cs var:Lang.home.stuck ?> <span class="figure" id="fig-stuck"><?cs var:Home.org.stuck_n ?></span></h3>
<?cs if:subcount(Home.org.stuck) ?>  <ul id="stuck">
<?cs each:u = Home.org.stuck ?>    <li data-user-id="<?cs var:u.id ?>"><a href="/admin/users/<?cs var:u.id ?>"><?cs var:u.name ?></a> · <?cs var:u.steps ?> <?cs var:Lang.home.steps ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
  <h3><?cs var:Lang.home.audit_verified ?></h3>
  <p id="audit-verified"><?cs if:Home.org.verified_local ?><?cs var:Home.org.verified_local ?> · <span id="audit-verified-result" data-result="<?cs var:Home.org.verified_result ?>"><?cs var:Home.org.verified_label ?></span><?cs else ?><?cs var:Lang.home.never_verified ?><?cs /if ?></p>
  <p><a class="button" href="/admin/users"><?cs var:Lang.nav.users ?></a> <a class="button" href="/admin/teams"><?cs var:Lang.nav.teams ?></a> <a class="button" href="/admin/approval-policy" id="home-policy"><?cs var:Lang.policy.admin_link ?></a> <a class="button" href="/admin/audit"><?cs var:Lang.nav.audit ?></a></p>
</section>
<?cs elif:Home.role == "executive" ?>
<section class="card" id="review-links">
  <h2><?cs var:Lang.home.review_title ?></h2>
  <p><a class="button" href="/negotiations"><?cs var:Lang.nav.negotiations ?></a> <a class="button" href="/opportunities"><?cs var:Lang.nav.opportunities ?></a> <a class="button" href="/concessions"><?cs var:Lang.nav.concessions ?></a> <a class="button" href="/objections"><?cs var:Lang.nav.objections ?></a> <a class="button" href="/actions?scope=all&amp;state=overdue"><?cs var:Lang.home.all_overdue ?></a></p>
</section>
<?cs else ?>
<section class="card" id="my-day">
  <h2><?cs var:Lang.home.my_day ?></h2>
  <ul class="figures">
    <li><a href="/follow-ups" id="fig-follow-due"><span class="figure"><?cs var:Home.mine.follow_due ?></span> <?cs var:Lang.home.follow_due ?></a></li>
    <li><a href="/customers?owner=<?cs var:Home.me ?>&amp;overdue=1" id="fig-follow-overdue"><span class="figure"><?cs var:Home.mine.follow_overdue ?></span> <?cs var:Lang.home.follow_overdue ?></a></li>
    <li><a href="/actions?<?cs var:Home.mine.act_open_link ?>" id="fig-act-open"><span class="figure"><?cs var:Home.mine.act_open ?></span> <?cs var:Lang.home.act_open ?></a></li>
    <li><a href="/actions?<?cs var:Home.mine.act_overdue_link ?>" id="fig-act-overdue"><span class="figure"><?cs var:Home.mine.act_overdue ?></span> <?cs var:Lang.home.act_overdue ?></a></li>
    <li><a href="#to-complete" id="fig-to-complete"><span class="figure"><?cs var:Home.mine.to_complete ?></span> <?cs var:Lang.home.to_complete ?></a></li>
    <li><a href="#late-records" id="fig-late"><span class="figure"><?cs var:Home.mine.late ?></span> <?cs var:Lang.home.late ?></a></li>
    <li><a href="/requests?box=waiting" id="fig-ireq-waiting"><span class="figure"><?cs var:Home.ireq.waiting ?></span> <?cs var:Lang.ireq.box.waiting ?></a></li>
    <li><a href="/requests?box=mine" id="fig-ireq-mine"><span class="figure"><?cs var:Home.ireq.mine ?></span> <?cs var:Lang.ireq.box.mine ?></a></li>
<?cs if:?Home.ireq.overdue ?>    <li><a href="/requests?box=overdue" id="fig-ireq-overdue"><span class="figure"><?cs var:Home.ireq.overdue ?></span> <?cs var:Lang.ireq.box.overdue ?></a></li>
<?cs /if ?>  </ul>
  <h3 id="to-complete"><?cs var:Lang.home.to_complete ?></h3>
<?cs if:subcount(Home.rec_open) ?>  <ul id="records-open">
<?cs each:r = Home.rec_open ?>    <li data-negotiation-id="<?cs var:r.id ?>"><a href="/negotiations/<?cs var:r.id ?>/edit"><?cs var:r.customer ?></a> · <?cs var:Lang.home.time_left ?> <?cs var:r.left_h ?> <?cs var:Lang.home.hours ?> <?cs var:r.left_m ?> <?cs var:Lang.home.minutes ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
  <h3 id="late-records"><?cs var:Lang.home.late ?></h3>
<?cs if:subcount(Home.rec_late) ?>  <ul id="records-late">
<?cs each:r = Home.rec_late ?>    <li data-negotiation-id="<?cs var:r.id ?>"><a href="/negotiations/<?cs var:r.id ?>/edit"><?cs var:r.customer ?></a> · <?cs var:Lang.home.ended ?> <?cs var:r.ended_local ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
  <h3><?cs var:Lang.home.my_requests ?></h3>
<?cs if:subcount(Home.requests) ?>  <ul id="my-requests">
<?cs each:r = Home.requests ?>    <li data-request-id="<?cs var:r.id ?>"><a href="/concessions/<?cs var:r.id ?>"><?cs var:r.customer ?></a> · <?cs var:r.state_label ?><?cs if:r.comment ?> · “<?cs var:r.comment ?>”<?cs /if ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
</section>
<?cs if:Home.role == "manager" ?>
<section class="card" id="minutes-decisions">
  <h2><?cs var:Lang.min.last_week ?> <span class="figure" id="fig-open-decisions"><?cs var:Home.min.open_n ?></span></h2>
<?cs if:subcount(Home.min.open) ?>  <ul id="open-decisions">
<?cs each:d = Home.min.open ?>    <li data-minutes-id="<?cs var:d.id ?>"><a href="/minutes/<?cs var:d.id ?>"><?cs var:d.held_on ?></a> · <?cs var:d.customer ?> · <?cs var:d.decision ?></li>
<?cs /each ?>  </ul><?cs else ?>  <p class="muted"><?cs var:Lang.home.none ?></p><?cs /if ?>
  <p><a class="button" href="/minutes/new" id="home-new-minutes"><?cs var:Lang.min.new ?></a> <a class="button" href="/minutes" id="home-minutes"><?cs var:Lang.min.title ?></a></p>
</section>
<?cs /if ?>
<?cs if:subcount(Home.team) ?>
<section class="card" id="team">
  <h2><?cs if:Home.role == "director" ?><?cs var:Lang.home.region_title ?><?cs else ?><?cs var:Lang.home.team_title ?><?cs /if ?></h2>
  <table class="list" id="team-table">
    <thead><tr><th><?cs var:Lang.home.person ?></th><th><?cs var:Lang.home.act_overdue ?></th><th><?cs var:Lang.home.follow_overdue ?></th><th><?cs var:Lang.home.late ?></th></tr></thead>
    <tbody>
<?cs each:t = Home.team ?>      <tr data-user-id="<?cs var:t.id ?>"><td><?cs var:t.name ?></td>
        <td><a class="fig-team-act" href="/actions?<?cs var:t.act_overdue_link ?>"><?cs var:t.act_overdue ?></a></td>
        <td><a class="fig-team-follow" href="/customers?owner=<?cs var:t.id ?>&amp;overdue=1"><?cs var:t.follow_overdue ?></a></td>
        <td><a class="fig-team-late" href="/negotiations?late=1"><?cs var:t.late ?></a></td></tr>
<?cs /each ?>    </tbody>
  </table>
</section>
<?cs /if ?>
<?cs if:Home.role != "rep" ?>
<section class="card" id="approvals-escalations">
  <h2><?cs var:Lang.home.approvals_title ?></h2>
  <ul class="figures">
    <li><a href="/approvals" id="fig-appr-waiting"><span class="figure"><?cs var:Home.appr.waiting ?></span> <?cs var:Lang.home.appr_waiting ?></a><?cs if:Home.appr.oldest ?> <span class="muted" id="appr-oldest"><?cs var:Lang.home.oldest ?> <?cs var:Home.appr.oldest_hours ?> <?cs var:Lang.home.hours ?></span><?cs /if ?></li>
    <li><a href="/approvals" id="fig-appr-overdue"><span class="figure"><?cs var:Home.appr.overdue_below ?></span> <?cs var:Lang.home.appr_overdue ?></a></li>
<?cs if:Home.esc.actions_link ?>    <li><a href="/actions?<?cs var:Home.esc.actions_link ?>" id="fig-esc-actions"><span class="figure"><?cs var:Home.esc.actions ?></span> <?cs var:Lang.home.esc_actions ?></a></li>
<?cs /if ?>  </ul>
</section>
<?cs /if ?>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
