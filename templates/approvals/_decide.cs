<?cs # The decision form for the request page (concessions/show.cs): shown when approval_fill_decide() set Decide.* ?>
<?cs if:Decide.step_id ?>
<form method="post" action="/approvals/<?cs var:Decide.step_id ?>" class="card" id="decide-form">
  <h2><?cs var:Lang.appr.decide_title ?> · <?cs var:Lang.appr.level ?> <?cs var:Decide.level ?></h2>
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <input type="hidden" name="version" value="<?cs var:Decide.version ?>">
<?cs if:Decide.on_behalf_of ?>  <input type="hidden" name="on_behalf_of" value="<?cs var:Decide.on_behalf_of ?>">
  <p class="hint" id="decide-behalf"><?cs var:Lang.appr.on_behalf_hint ?> <?cs var:Decide.on_behalf_name ?></p>
<?cs /if ?><?cs if:Decide.green ?>  <p class="badge warn" id="decide-green"><?cs var:Lang.appr.green ?></p>
<?cs /if ?>  <div class="field<?cs if:Form.errors.comment ?> invalid<?cs /if ?>">
    <label for="f-comment"><?cs var:Lang.appr.comment ?></label>
    <textarea id="f-comment" name="comment" rows="3" maxlength="5000"<?cs if:Form.errors.comment ?> aria-invalid="true" aria-describedby="err-comment"<?cs /if ?>><?cs var:Form.values.comment ?></textarea>
<?cs if:Form.errors.comment ?>    <p class="field-error" id="err-comment"><?cs var:Form.errors.comment ?></p>
<?cs /if ?>    <p class="hint"><?cs var:Lang.appr.comment_hint ?></p>
  </div>
<?cs if:Form.errors.decision ?>  <p class="field-error" id="err-decision"><?cs var:Form.errors.decision ?></p>
<?cs /if ?>  <div class="actions">
    <button type="submit" class="primary" name="decision" value="approve" id="decide-approve"><?cs var:Lang.appr.approve ?></button>
    <button type="submit" name="decision" value="return" id="decide-return"><?cs var:Lang.appr.return ?></button>
    <button type="submit" name="decision" value="reject" id="decide-reject"><?cs var:Lang.appr.reject ?></button>
  </div>
</form>
<?cs /if ?>
