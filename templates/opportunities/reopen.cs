<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.closing.reopen_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.closing.reopen_title ?>: <?cs var:Form.title ?></h1>
<dl class="card facts">
  <dt><?cs var:Lang.opp.customer ?></dt><dd><a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Form.customer_name ?></a></dd>
  <dt><?cs var:Lang.opp.status ?></dt><dd id="reopen-status"><?cs var:Form.status_label ?></dd>
</dl>
<?cs if:Form.open ?>
<p class="card" id="reopen-not-closed"><?cs var:Lang.closing.not_closed ?></p>
<?cs else ?>
<form method="post" action="/opportunities/<?cs var:Form.id ?>/reopen" class="form card" id="reopen-form" novalidate>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <p class="hint"><?cs var:Lang.closing.reopen_hint ?></p>
  <?cs call:text_field("reason", Lang.closing.reopen_reason, "text", 1) ?>
  <div class="actions">
    <button type="submit" class="primary" id="save"><?cs var:Lang.closing.reopen ?></button>
    <a href="/opportunities/<?cs var:Form.id ?>"><?cs var:Lang.common.cancel ?></a>
  </div>
</form>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
