<?cs if:Pick.kind == "customer" ?><?cs set:Page.title = Lang.pick.customer_title ?><?cs else ?><?cs set:Page.title = Lang.pick.opportunity_title ?><?cs /if ?>
<?cs include:"layout/header.cs" ?>
<link rel="stylesheet" href="/static/record.css">
<h1><?cs var:Page.title ?></h1>
<form method="get" action="<?cs var:Pick.target ?>" class="card" id="pick-form" role="search">
  <label for="f-q"><?cs if:Pick.kind == "customer" ?><?cs var:Lang.pick.customer_search ?><?cs else ?><?cs var:Lang.pick.opportunity_search ?><?cs /if ?></label>
  <input type="search" id="f-q" name="q" value="<?cs var:Pick.q ?>" autofocus maxlength="100"<?cs if:Pick.error ?> aria-invalid="true" aria-describedby="err-q"<?cs /if ?>>
<?cs if:Pick.error ?>  <p class="field-error" id="err-q"><?cs var:Pick.error ?></p>
<?cs /if ?>  <button type="submit" id="pick-search"><?cs var:Lang.pick.search ?></button>
</form>
<?cs if:subcount(Pick.rows) ?>
<ul class="pick-list" id="pick-list" aria-label="<?cs var:Page.title ?>">
<?cs each:p = Pick.rows ?>  <li><a href="<?cs var:p.href ?>" data-id="<?cs var:p.id ?>"><?cs var:p.name ?></a><?cs if:p.customer ?> <span class="muted">· <?cs var:p.customer ?></span><?cs /if ?></li>
<?cs /each ?></ul>
<?cs else ?>
<p class="empty" id="pick-empty"><?cs var:Lang.pick.none ?></p>
<?cs /if ?>
<?cs include:"layout/footer.cs" ?>
