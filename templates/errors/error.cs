<?cs set:Page.title = Error.title ?><?cs include:"layout/header.cs" ?>
<section class="card narrow">
  <h1><?cs var:Error.status ?> · <?cs var:Error.title ?></h1>
  <p><a href="/"><?cs var:Lang.error.back ?></a></p>
</section>
<?cs include:"layout/footer.cs" ?>
