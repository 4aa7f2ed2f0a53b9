<section class="card" id="deal-team">
  <h2><?cs var:Lang.dt.title ?></h2>
<?cs if:subcount(OppTeam.members) ?>  <table class="list" id="deal-team-members">
    <thead><tr><th><?cs var:Lang.dt.member ?></th><th><?cs var:Lang.dt.raci_label ?></th><th><?cs var:Lang.dt.function_label ?></th><?cs if:OppTeam.can_change ?><th></th><?cs /if ?></tr></thead>
    <tbody>
<?cs each:m = OppTeam.members ?>      <tr data-member-id="<?cs var:m.id ?>" data-user-id="<?cs var:m.user_id ?>" data-raci="<?cs var:m.raci ?>"><td><?cs var:m.name ?></td><td><?cs var:m.raci ?></td><td><?cs var:m.function ?></td>
<?cs if:OppTeam.can_change ?>        <td><form method="post" action="/opportunities/<?cs var:Opp.id ?>/team/<?cs var:m.id ?>/remove" class="inline">
          <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
          <button type="submit" class="link"><?cs var:Lang.dt.remove ?></button></form></td>
<?cs /if ?>      </tr>
<?cs /each ?>    </tbody>
  </table>
<?cs else ?>  <p class="muted" id="no-deal-team"><?cs var:Lang.dt.none ?></p>
<?cs /if ?>
<?cs if:OppTeam.can_change ?>  <form method="post" action="/opportunities/<?cs var:Opp.id ?>/team" id="deal-team-add" class="inline">
    <input type="hidden" name="csrf_token" value="<?cs var:Page.csrf ?>">
    <label for="dt-user"><?cs var:Lang.dt.member ?></label>
    <select id="dt-user" name="user"><option value=""></option>
<?cs each:c = OppTeam.candidates ?>      <option value="<?cs var:c.id ?>"><?cs var:c.name ?></option>
<?cs /each ?>    </select>
    <label for="dt-raci"><?cs var:Lang.dt.raci_label ?></label>
    <select id="dt-raci" name="raci">
<?cs each:c = OppTeam.raci ?>      <option value="<?cs var:c.value ?>"><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <label for="dt-function"><?cs var:Lang.dt.function_label ?></label>
    <select id="dt-function" name="function">
<?cs each:c = OppTeam.functions ?>      <option value="<?cs var:c.value ?>"><?cs var:c.label ?></option>
<?cs /each ?>    </select>
    <button type="submit" id="deal-team-add-button"><?cs var:Lang.dt.add ?></button>
  </form>
<?cs /if ?></section>
