<?cs include:"layout/macros.cs" ?><?cs include:"requests/_exchange.cs" ?><?cs set:Page.title = Lang.ireq.one ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.ireq.one ?>: <?cs var:IReq.subject ?></h1>
<?cs if:Form.error ?><p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p><?cs /if ?>
<section class="card" id="request" data-request-id="<?cs var:IReq.id ?>" data-state="<?cs var:IReq.state ?>">
  <dl class="fields">
<?cs if:IReq.customer_id ?>    <dt><?cs var:Lang.ireq.customer ?></dt><dd><a href="/customers/<?cs var:IReq.customer_id ?>"><?cs var:IReq.customer ?></a><?cs if:IReq.opportunity_id ?> · <a href="/opportunities/<?cs var:IReq.opportunity_id ?>"><?cs var:IReq.opportunity ?></a><?cs /if ?></dd>
<?cs /if ?>    <dt><?cs var:Lang.ireq.requester ?></dt><dd><?cs var:IReq.requester ?></dd>
    <dt><?cs var:Lang.ireq.responder ?></dt><dd><?cs var:IReq.responder ?><?cs if:IReq.responder_function ?> (<?cs var:IReq.responder_function ?>)<?cs /if ?></dd>
    <dt><?cs var:Lang.ireq.state_label ?></dt><dd id="request-state"><?cs var:IReq.state_label ?><?cs if:IReq.overdue ?> <span class="badge warn" id="request-overdue"><?cs var:Lang.ireq.late_by ?> <?cs var:IReq.hours_late ?> <?cs var:Lang.ireq.hours ?></span><?cs elif:IReq.state == "open" ?> · <?cs var:Lang.ireq.answer_by ?> <?cs var:IReq.due ?><?cs /if ?></dd>
  </dl>
  <h2><?cs var:Lang.ireq.exchange ?></h2>
  <?cs call:ireq_exchange(IReq.msgs) ?>
</section>
<?cs if:IReq.can_answer ?>
<section class="card">
  <h2><?cs var:Lang.ireq.answer ?></h2>
  <form method="post" action="/requests/<?cs var:IReq.id ?>/answer" class="form" id="answer-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:textarea_field("answer", Lang.ireq.answer_text, 4) ?>
    <button type="submit" class="primary" id="send-answer"><?cs var:Lang.ireq.answer ?></button>
  </form>
</section>
<?cs /if ?>
<?cs if:IReq.can_confirm ?>
<section class="card">
  <h2><?cs var:Lang.ireq.confirm ?></h2>
  <form method="post" action="/requests/<?cs var:IReq.id ?>/confirm" class="form" id="confirm-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:textarea_field("note", Lang.ireq.note, 2) ?>
    <button type="submit" class="primary" id="confirm-answer"><?cs var:Lang.ireq.confirm ?></button>
  </form>
  <h2><?cs var:Lang.ireq.reopen ?></h2>
  <form method="post" action="/requests/<?cs var:IReq.id ?>/reopen" class="form" id="reopen-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:textarea_field("reason", Lang.ireq.reason, 2) ?>
    <button type="submit" id="reopen-request"><?cs var:Lang.ireq.reopen ?></button>
  </form>
</section>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
