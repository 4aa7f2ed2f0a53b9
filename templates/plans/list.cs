<?cs set:Page.title = Lang.plan.list_title ?><?cs include:"layout/header.cs" ?>
<div class="titlebar">
  <h1><?cs var:Lang.plan.list_title ?></h1>
  <a class="button primary" id="new-plan" href="/plans/new"><?cs var:Lang.plan.new ?></a>
</div>
<?cs if:subcount(Plans) ?>
<div class="table-wrap">
<table class="list" id="plans">
  <thead><tr>
    <th><?cs var:Lang.plan.topic ?></th><th><?cs var:Lang.plan.opportunity ?></th><th><?cs var:Lang.plan.customer ?></th>
    <th><?cs var:Lang.plan.strategy_type ?></th><th><?cs var:Lang.plan.meeting_on ?></th>
  </tr></thead>
  <tbody>
<?cs each:p = Plans ?>
    <tr data-plan-id="<?cs var:p.id ?>">
      <td><a href="/plans/<?cs var:p.id ?>"><?cs var:p.topic ?></a></td>
      <td><a href="/opportunities/<?cs var:p.opportunity_id ?>"><?cs var:p.opportunity_title ?></a></td>
      <td><a href="/customers/<?cs var:p.customer_id ?>"><?cs var:p.customer_name ?></a></td>
      <td><?cs var:p.strategy ?></td>
      <td><?cs var:p.meeting_on ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
</div>
<?cs else ?>
<p class="muted" id="no-plans"><?cs var:Lang.plan.none ?></p>
<?cs /if ?>
<p class="hint"><?cs var:Lang.plan.new_hint ?></p>
<?cs if:Page.next_after ?><p><a id="next-page" href="/plans?after=<?cs var:url_escape(Page.next_after) ?><?cs if:Filter.opportunity ?>&amp;opportunity=<?cs var:url_escape(Filter.opportunity) ?><?cs /if ?>"><?cs var:Lang.common.next_page ?></a></p><?cs /if ?>
<?cs include:"layout/footer.cs" ?>
