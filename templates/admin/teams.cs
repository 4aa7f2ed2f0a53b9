<?cs include:"layout/macros.cs" ?>
<?cs set:Page.title = Lang.admin.teams_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.admin.teams_title ?></h1>
<div class="table-wrap">
<table class="list" id="teams">
  <thead><tr><th><?cs var:Lang.admin.team ?></th><th><?cs var:Lang.admin.region ?></th><th><?cs var:Lang.admin.members ?></th></tr></thead>
  <tbody>
<?cs each:t = Teams ?>    <tr><td><?cs var:t.name ?></td><td><?cs var:t.region ?></td><td><?cs var:t.members ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
<section class="card">
  <h2><?cs var:Lang.admin.new_team ?></h2>
  <form method="post" action="/admin/teams" class="form" id="team-form">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <?cs call:text_field("name", Lang.admin.name, "text", 1) ?>
    <div class="field<?cs if:Form.errors.region_id ?> invalid<?cs /if ?>">
      <label for="f-region_id"><?cs var:Lang.admin.region ?></label>
      <select id="f-region_id" name="region_id">
<?cs each:g = Regions ?>        <option value="<?cs var:g.id ?>"<?cs if:g.id == Form.values.region_id ?> selected<?cs /if ?>><?cs var:g.name ?></option>
<?cs /each ?>      </select>
      <?cs call:field_error("region_id") ?>
    </div>
    <button type="submit" class="primary"><?cs var:Lang.common.create ?></button>
  </form>
</section>
<?cs include:"layout/footer.cs" ?>
