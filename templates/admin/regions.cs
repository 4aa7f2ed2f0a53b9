<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.admin.regions_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.admin.regions_title ?></h1>
<div class="table-wrap">
<table class="list" id="regions">
  <thead><tr><th><?cs var:Lang.admin.region ?></th><th><?cs var:Lang.admin.team_count ?></th></tr></thead>
  <tbody>
<?cs each:g = Regions ?>    <tr><td><?cs var:g.name ?></td><td><?cs var:g.teams ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
<section class="card">
  <h2><?cs var:Lang.admin.new_region ?></h2>
  <form method="post" action="/admin/regions" class="form" id="region-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:text_field("name", Lang.admin.name, "text", 1) ?>
    <button type="submit" class="primary"><?cs var:Lang.common.create ?></button>
  </form>
</section>
<?cs include:"layout/footer.cs" ?>
