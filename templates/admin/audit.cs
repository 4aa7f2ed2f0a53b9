<?cs set:Page.title = Lang.admin.audit_title ?><?cs include:"layout/header.cs" ?>
<h1><?cs var:Lang.admin.audit_title ?></h1>
<p class="muted"><?cs var:Lang.admin.audit_text ?></p>
<div class="table-wrap">
<table class="list" id="audit">
  <thead><tr><th>#</th><th><?cs var:Lang.admin.audit_at ?></th><th><?cs var:Lang.admin.audit_actor ?></th>
  <th><?cs var:Lang.admin.audit_action ?></th><th><?cs var:Lang.admin.audit_entity ?></th><th><?cs var:Lang.admin.audit_ip ?></th>
  <th><?cs var:Lang.admin.audit_detail ?></th></tr></thead>
  <tbody>
<?cs each:a = Audit ?>    <tr><td><?cs var:a.id ?></td><td><?cs var:a.at ?></td><td><?cs var:a.actor ?></td><td><code><?cs var:a.action ?></code></td>
    <td><?cs var:a.entity ?><?cs if:a.entity_id != "0" ?> #<?cs var:a.entity_id ?><?cs /if ?></td><td><?cs var:a.ip ?></td><td><?cs var:a.detail ?></td></tr>
<?cs /each ?>  </tbody>
</table>
</div>
<?cs if:Page.next_before ?><p><a href="/admin/audit?before=<?cs var:Page.next_before ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
