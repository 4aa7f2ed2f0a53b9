<?cs set:Page.title = Lang.rec.title ?><?cs include:"layout/header.cs" ?>
<link rel="stylesheet" href="/static/record.css">
<div class="titlebar">
  <h1><?cs var:Lang.rec.title ?> · <?cs var:Rec.customer_name ?> · <?cs var:Rec.held_on_label ?> · <?cs var:Rec.phase_label ?></h1>
  <div>
<?cs if:Rec.can_edit ?>    <a class="button" id="edit-record" href="/negotiations/<?cs var:Rec.id ?>/edit"><?cs var:Lang.rec.edit_link ?></a>
<?cs if:Rec.opportunity_id ?>    <a class="button" id="new-concession" href="/concessions/new?opportunity_id=<?cs var:Rec.opportunity_id ?>&amp;negotiation_id=<?cs var:Rec.id ?>"><?cs var:Lang.conc.new ?></a>
<?cs /if ?><?cs /if ?>    <a class="button" id="print-record" href="/negotiations/<?cs var:Rec.id ?>/print"><?cs var:Lang.rec.print ?></a>
  </div>
</div>
<?cs if:Form.errors.complete_needs || Form.errors.complete_actions || Form.errors.complete_participants || Form.errors.complete_review ?>
<ul class="error" id="complete-errors">
<?cs each:k = Form.errors ?>  <li><?cs var:k ?></li>
<?cs /each ?></ul>
<?cs /if ?>
<?cs include:"negotiations/_record.cs" ?>
<?cs if:Rec.can_edit && !Rec.completed_at ?>
<form method="post" action="/negotiations/<?cs var:Rec.id ?>/complete" class="card" id="complete-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <p class="hint"><?cs var:Lang.rec.complete_hint ?></p>
  <button type="submit" class="primary" id="complete"><?cs var:Lang.rec.complete ?></button>
</form>
<?cs /if ?>
<p><a href="/negotiations?customer=<?cs var:Rec.customer_id ?>"><?cs var:Lang.rec.back_to_list ?></a></p>
<?cs include:"layout/footer.cs" ?>
