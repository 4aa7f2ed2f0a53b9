<?cs include:"layout/macros.cs" ?><?cs set:Page.title = Lang.appr.delegations ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.appr.delegations ?></h1>
  <div><a class="button" href="/approvals"><?cs var:Lang.appr.back_to_inbox ?></a></div>
</div>
<?cs def:deleg_state(g) ?><?cs if:g.revoked ?><?cs var:Lang.appr.deleg_revoked ?> <?cs var:g.revoked_at ?><?cs elif:g.ended ?><?cs var:Lang.appr.deleg_ended ?><?cs elif:g.active ?><?cs var:Lang.appr.deleg_active ?><?cs else ?><?cs var:Lang.appr.deleg_future ?><?cs /if ?><?cs /def ?>
<?cs if:Deleg.can_give ?>
<form method="post" action="/approvals/delegations" class="card" id="delegation-form">
  <h2><?cs var:Lang.appr.deleg_new ?></h2>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <p class="hint"><?cs var:Lang.appr.deleg_hint ?></p>
  <div class="field<?cs if:Form.errors.delegate ?> invalid<?cs /if ?>">
    <label for="f-delegate"><?cs var:Lang.appr.delegate ?></label>
    <select id="f-delegate" name="delegate"><option value=""></option>
<?cs each:u = Choices.delegates ?>      <option value="<?cs var:u.id ?>"<?cs if:u.id == Form.values.delegate ?> selected<?cs /if ?>><?cs var:u.name ?></option>
<?cs /each ?>    </select>
    <?cs call:field_error("delegate") ?>
  </div>
  <?cs call:text_field("starts_on", Lang.appr.starts_on, "date", 1) ?>
  <?cs call:text_field("ends_on", Lang.appr.ends_on, "date", 1) ?>
  <div class="actions"><button type="submit" class="primary" id="delegate-save"><?cs var:Lang.appr.deleg_save ?></button></div>
</form>
<?cs /if ?>
<section class="card" id="delegations-given">
  <h2><?cs var:Lang.appr.deleg_given ?></h2>
<?cs if:subcount(Given) ?>
<table class="list" id="given">
  <thead><tr><th><?cs var:Lang.appr.delegate ?></th><th><?cs var:Lang.appr.starts_on ?></th><th><?cs var:Lang.appr.ends_on ?></th><th><?cs var:Lang.appr.state ?></th><th></th></tr></thead>
  <tbody>
<?cs each:g = Given ?>    <tr data-delegation-id="<?cs var:g.id ?>">
      <td><?cs var:g.delegate ?></td><td><?cs var:g.starts_on ?></td><td><?cs var:g.ends_on ?></td><td><?cs call:deleg_state(g) ?></td>
      <td><?cs if:!g.revoked && !g.ended ?><form method="post" action="/approvals/delegations/<?cs var:g.id ?>/revoke" class="inline">
        <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
        <button type="submit" class="link revoke"><?cs var:Lang.appr.deleg_revoke ?></button></form><?cs /if ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.deleg_none ?></p>
<?cs /if ?></section>
<section class="card" id="delegations-received">
  <h2><?cs var:Lang.appr.deleg_received ?></h2>
<?cs if:subcount(Received) ?>
<table class="list" id="received">
  <thead><tr><th><?cs var:Lang.appr.delegator ?></th><th><?cs var:Lang.appr.starts_on ?></th><th><?cs var:Lang.appr.ends_on ?></th><th><?cs var:Lang.appr.state ?></th></tr></thead>
  <tbody>
<?cs each:g = Received ?>    <tr data-delegation-id="<?cs var:g.id ?>">
      <td><?cs var:g.delegator ?></td><td><?cs var:g.starts_on ?></td><td><?cs var:g.ends_on ?></td><td><?cs call:deleg_state(g) ?></td>
    </tr>
<?cs /each ?>  </tbody>
</table>
<?cs else ?>  <p class="empty"><?cs var:Lang.appr.deleg_none ?></p>
<?cs /if ?></section>
<?cs include:"layout/footer.cs" ?>
