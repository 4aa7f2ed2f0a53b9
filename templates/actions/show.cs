<?cs set:Page.title = Lang.act.one ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.act.one ?></h1>
<?cs if:Form.error ?><p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p><?cs /if ?>
<section class="card" id="action" data-action-id="<?cs var:Act.id ?>">
  <dl class="fields">
    <dt><?cs var:Lang.act.what ?></dt><dd id="act-what"><?cs var:Act.what ?></dd>
    <dt><?cs var:Lang.act.deliverable ?></dt><dd><?cs var:Act.deliverable ?></dd>
    <dt><?cs var:Lang.act.owner ?></dt><dd id="act-owner"><?cs var:Act.owner ?></dd>
    <dt><?cs var:Lang.act.due ?></dt><dd><?cs var:Act.due ?><?cs if:Act.overdue ?> <span class="badge warn"><?cs var:Lang.act.overdue_by ?> <?cs var:Act.overdue_days ?> <?cs var:Lang.act.days ?></span><?cs /if ?></dd>
    <dt><?cs var:Lang.act.customer ?></dt><dd><a href="/customers/<?cs var:Act.customer_id ?>"><?cs var:Act.customer ?></a></dd>
    <dt><?cs var:Lang.act.source ?></dt><dd><?cs if:Act.minutes_id ?><a href="/minutes/<?cs var:Act.minutes_id ?>"><?cs var:Lang.act.from_minutes ?> <?cs var:Act.held_on ?></a><?cs else ?><a href="/negotiations/<?cs var:Act.negotiation_id ?>"><?cs var:Lang.act.from_record ?> <?cs var:Act.held_on ?></a><?cs /if ?></dd>
    <dt><?cs var:Lang.act.status ?></dt><dd id="act-status"><?cs if:Act.done ?><?cs var:Lang.act.is_done ?> · <?cs var:Act.done_at ?> · <?cs var:Act.done_by ?><?cs else ?><?cs var:Lang.act.is_open ?><?cs /if ?></dd>
<?cs if:Act.done ?>    <dt><?cs var:Lang.act.result ?></dt><dd id="act-result"><?cs var:Act.result ?></dd>
<?cs /if ?>  </dl>
</section>
<?cs if:Act.can_change ?>
<section class="card">
  <h2><?cs var:Lang.act.mark_done ?></h2>
  <form method="post" action="/actions/<?cs var:Act.id ?>/done" id="done-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <label for="f-result"><?cs var:Lang.act.result ?></label>
    <input type="text" id="f-result" name="result" maxlength="500" required value="<?cs var:Form.values.result ?>">
    <?cs if:Form.errors.result ?><span class="field-error"><?cs var:Form.errors.result ?></span><?cs /if ?>
    <button type="submit" id="mark-done"><?cs var:Lang.act.mark_done ?></button>
  </form>
</section>
<section class="card">
  <h2><?cs var:Lang.act.reassign ?></h2>
  <form method="post" action="/actions/<?cs var:Act.id ?>/reassign" id="reassign-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <label for="f-owner"><?cs var:Lang.act.new_owner ?></label>
    <select id="f-owner" name="owner"><option value=""></option>
<?cs each:u = Choices.assignees ?>      <option value="<?cs var:u.id ?>"<?cs if:u.id == Form.values.owner ?> selected<?cs /if ?>><?cs var:u.name ?></option>
<?cs /each ?>    </select>
    <?cs if:Form.errors.owner ?><span class="field-error" id="owner-error"><?cs var:Form.errors.owner ?></span><?cs /if ?>
    <button type="submit" id="reassign"><?cs var:Lang.act.reassign ?></button>
  </form>
</section>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
