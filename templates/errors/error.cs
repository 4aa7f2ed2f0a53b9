<?cs set:Page.title = Error.title ?><?cs include:"layout/header.cs" ?>
<section class="card narrow">
  <h1><?cs var:Error.status ?> · <?cs var:Error.title ?></h1>
<?cs if:Error.problems.0.name ?>  <p id="query-problems-intro"><?cs var:Lang.form.bad_query ?></p>
  <ul id="query-problems">
<?cs each:p = Error.problems ?>    <li><code><?cs var:p.name ?>=<?cs var:p.value ?></code> — <?cs var:p.message ?></li>
<?cs /each ?>  </ul>
  <p><a href="<?cs var:Error.retry ?>" id="query-reset"><?cs var:Lang.form.query_reset ?></a></p>
<?cs /if ?>  <p><a href="/"><?cs var:Lang.error.back ?></a></p>
</section>
<?cs include:"layout/footer.cs" ?>
