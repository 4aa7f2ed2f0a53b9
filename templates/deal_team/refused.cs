<?cs set:Page.title = Lang.dt.title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.dt.title ?></h1>
<p class="error" role="alert" id="form-error"><?cs var:Form.error ?></p>
<p><a href="/opportunities/<?cs var:Opp.id ?>" id="back"><?cs var:Lang.dt.back ?></a></p>
<?cs include:"layout/footer.cs" ?>
