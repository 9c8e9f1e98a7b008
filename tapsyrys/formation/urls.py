from django.urls import path

from . import views

app_name = "formation"

urlpatterns = [
    path("", views.index, name="index"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/limit/", views.cycle_limit, name="limit"),
    path("cycles/<int:pk>/topics/new/", views.topic_new, name="topic_new"),
    path("cycles/<int:pk>/publish/", views.cycle_publish, name="publish"),
    path("cycles/<int:pk>/comments/", views.comments, name="comments"),
    path("cycles/<int:pk>/report/", views.cycle_report, name="report"),
    path("cycles/<int:pk>/submit/", views.cycle_submit, name="submit"),
    path("cycles/<int:pk>/fix/", views.cycle_fix, name="fix"),
    path("cycles/<int:pk>/budget/", views.cycle_budget, name="budget"),
    path("cycles/<int:pk>/annex3/publish/", views.cycle_annex3_publish, name="annex3_publish"),
    path("cycles/<int:pk>/annex<int:number>.<str:fmt>", views.annex_download, name="annex"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/delete/", views.topic_delete, name="topic_delete"),
    path("topics/<int:pk>/recommend/", views.topic_recommend, name="recommend"),
    path("topics/<int:pk>/spec/", views.topic_spec, name="spec"),
    path("topics/<int:pk>/", views.public_topic, name="public_topic"),
    path("topics/<int:pk>/comment/", views.public_comment, name="public_comment"),
    path("comments/<int:pk>/decide/", views.comment_decide, name="decide"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="hide"),
    path("evidence/", views.evidence, name="evidence"),
    path("proposals/", views.proposals, name="proposals"),
    path("national/", views.national, name="national"),
    path("national/annex3/", views.national_annex3, name="national_annex3"),
    path("discussions/", views.discussions, name="discussions"),
    path("my/comments/", views.my_comments, name="my_comments"),
    path("bodies/<int:body_pk>/", views.public_body, name="public_body"),
    path("bodies/<int:body_pk>/<int:year>/", views.public_cycle, name="public_cycle"),
]
