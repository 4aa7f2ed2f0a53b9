<?cs # Internal requests on a customer or an opportunity with their whole exchange (ireq_for_subject). ?><?cs include:"requests/_exchange.cs" ?>
<section class="card" id="internal-requests">
  <h2><?cs var:Lang.ireq.title ?></h2>
<?cs if:IReqsInfo.can_raise ?>  <p><a class="button" id="new-request" href="/customers/<?cs if:IReqsInfo.customer_id ?><?cs var:IReqsInfo.customer_id ?><?cs else ?><?cs var:Opp.customer_id ?><?cs /if ?>/requests/new<?cs if:IReqsInfo.opportunity_id ?>?opportunity_id=<?cs var:IReqsInfo.opportunity_id ?><?cs /if ?>"><?cs var:Lang.ireq.new_title ?></a></p>
<?cs /if ?><?cs if:subcount(IReqs) ?><?cs each:r = IReqs ?>  <article class="request" data-request-id="<?cs var:r.id ?>">
    <h3><a href="/requests/<?cs var:r.id ?>"><?cs var:r.subject ?></a> · <?cs var:r.state_label ?><?cs if:r.overdue ?> <span class="badge warn"><?cs var:Lang.ireq.late_by ?> <?cs var:r.hours_late ?> <?cs var:Lang.ireq.hours ?></span><?cs /if ?></h3>
    <p class="muted"><?cs var:r.requester ?> → <?cs var:r.responder ?><?cs if:r.opportunity_id ?> · <?cs var:r.opportunity ?><?cs /if ?></p>
    <?cs call:ireq_exchange(r.msgs) ?>
  </article>
<?cs /each ?><?cs else ?>  <p class="muted"><?cs var:Lang.ireq.none ?></p>
<?cs /if ?></section>
