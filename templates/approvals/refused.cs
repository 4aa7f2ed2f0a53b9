<?cs set:Page.title = Lang.appr.refused_title ?><?cs include:"layout/header.cs" ?>
<section class="card narrow" id="refused">
  <h1><?cs var:Refused.status ?> · <?cs var:Lang.appr.refused_title ?></h1>
  <p class="error" role="alert" id="refused-message"><?cs var:Refused.message ?></p>
  <p><a href="/concessions/<?cs var:Refused.request_id ?>" id="back-to-request"><?cs var:Lang.appr.back_to_request ?></a>
   · <a href="/approvals"><?cs var:Lang.appr.back_to_inbox ?></a></p>
</section>
<?cs include:"layout/footer.cs" ?>
