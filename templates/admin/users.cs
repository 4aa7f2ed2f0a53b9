<?cs set:Page.title = Lang.admin.users_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.admin.users_title ?></h1>
  <a class="button primary" href="/admin/users/new" id="new-user"><?cs var:Lang.admin.new_user ?></a>
</div>
<div class="table-wrap">
<table class="list" id="users">
  <thead><tr>
    <th><?cs var:Lang.admin.username ?></th><th><?cs var:Lang.admin.display_name ?></th>
    <th><?cs var:Lang.admin.role ?></th><th><?cs var:Lang.admin.team ?></th>
    <th><?cs var:Lang.admin.manager ?></th><th><?cs var:Lang.admin.status ?></th>
  </tr></thead>
  <tbody>
<?cs each:u = Users ?>
    <tr<?cs if:u.active != "1" ?> class="inactive"<?cs /if ?>>
      <td><a href="/admin/users/<?cs var:u.id ?>"><?cs var:u.username ?></a></td>
      <td class="user-display-name"><?cs var:u.name ?></td>
      <td><?cs var:u.role ?></td>
      <td><?cs if:u.team ?><?cs var:u.team ?><?cs elif:u.region ?><?cs var:u.region ?><?cs /if ?></td>
      <td><?cs var:u.manager ?></td>
      <td><?cs if:u.active == "1" ?><?cs var:Lang.admin.active ?><?cs else ?><?cs var:Lang.admin.inactive ?><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
</div>
<?cs if:Page.next_after ?><p><a href="/admin/users?after=<?cs var:url_escape(Page.next_after) ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
