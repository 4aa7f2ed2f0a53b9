<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.contact.edit_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs if:Form.id ?><?cs var:Lang.contact.edit_title ?><?cs else ?><?cs var:Lang.contact.add ?><?cs /if ?></h1>
<div class="card"><?cs include:"customers/_contact_fields.cs" ?></div>
<?cs if:Form.id ?>
<form method="post" action="/customers/<?cs var:Form.customer_id ?>/contacts/<?cs var:Form.id ?>/delete" id="delete-contact-form">
  <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
  <button type="submit" class="danger"><?cs var:Lang.contact.delete ?></button>
</form>
<?cs /if ?>
<p><a href="/customers/<?cs var:Form.customer_id ?>"><?cs var:Lang.customer.back_to_customer ?></a></p>
<?cs include:"layout/footer.cs" ?>
