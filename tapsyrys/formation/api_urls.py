from django.urls import path

from . import apis

urlpatterns = [
    path("cycles/", apis.CycleListApi.as_view(), name="formation-cycles"),
    path("cycles/<int:pk>/", apis.CycleDetailApi.as_view(), name="formation-cycle"),
    path("cycles/<int:pk>/topics/", apis.TopicListApi.as_view(), name="formation-topics"),
    path("cycles/<int:pk>/publish/", apis.CyclePublishApi.as_view(), name="formation-publish"),
    path("cycles/<int:pk>/comments/", apis.CommentListApi.as_view(), name="formation-comments"),
    path("cycles/<int:pk>/budget/", apis.CycleBudgetApi.as_view(), name="formation-budget"),
    path(
        "cycles/<int:pk>/annex/<int:number>/",
        apis.AnnexDownloadApi.as_view(),
        name="formation-annex",
    ),
    path("cycles/<int:pk>/<slug:action>/", apis.CycleActionApi.as_view(), name="formation-action"),
    path("topics/<int:pk>/comments/", apis.CommentCreateApi.as_view(), name="formation-comment"),
    path(
        "topics/<int:pk>/recommend/", apis.TopicRecommendApi.as_view(), name="formation-recommend"
    ),
    path("topics/<int:pk>/spec/", apis.TopicSpecApi.as_view(), name="formation-spec"),
    path("comments/<int:pk>/decide/", apis.CommentDecideApi.as_view(), name="formation-decide"),
    path("comments/<int:pk>/hide/", apis.CommentHideApi.as_view(), name="formation-hide"),
    path("evidence/", apis.EvidenceListApi.as_view(), name="formation-evidence"),
    path("national/", apis.NationalApi.as_view(), name="formation-national"),
    path("national/annex3/", apis.NationalAnnex3Api.as_view(), name="formation-national-annex3"),
    path("approved-topics/", apis.ApprovedTopicsApi.as_view(), name="formation-approved-topics"),
]
